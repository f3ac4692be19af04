// Package demo holds the embedded sample review: a fictional payments
// service and two quarters of its history. For each quarter, its team's
// answers, written as data in the import format, and a sample evidence
// inventory of its production account; in the later quarter, a tabletop
// session the team played.
package demo

import (
	_ "embed"

	"github.com/warroom/warroom/review"
)

// Q3AnswersFile is the name the Q3 sample answers are reported under.
const Q3AnswersFile = "demo/q3-answers.yaml"

// Q3Answers is what the team answered in its Q3 review workshop
// (2026-07-14), in the `warroom answer import` format. The day ran out
// before the backup question (REL09) and SEC09-BP03; some answers changed by
// Q4 (gaps closed, and some regressed after a team member left).
//
//go:embed q3-answers.yaml
var Q3Answers []byte

// Q3InventoryFile is the name the Q3 sample inventory is reported under.
const Q3InventoryFile = "demo/q3-inventory.json"

// Q3Inventory is the evidence inventory collected after the Q3 workshop
// (2026-07-15), in the same format as Inventory: the exports bucket was
// public, the CI access key three years old and the card processor's key in
// a function's environment, all fixed by Q4; the bastion's SSH port was
// still closed to the internet, and the DR region held no data yet.
//
//go:embed q3-inventory.json
var Q3Inventory []byte

// AnswersFile is the name the sample answers are reported under.
const AnswersFile = "demo/answers.yaml"

// Answers is the sample answers file of the team's Q4 review workshop
// (2026-10-13), in the `warroom answer import` format.
//
//go:embed answers.yaml
var Answers []byte

// InventoryFile is the name the sample inventory is reported under.
const InventoryFile = "demo/inventory.json"

// Inventory is a sample evidence inventory (a checks.Inventory as JSON) of
// the payments production account in two regions, as 'warroom collect' would
// gather it: healthy in most places, with failures that contradict some of
// the team's "met" answers, and reads refused to a member account.
//
//go:embed inventory.json
var Inventory []byte

// SessionFile is the name the sample tabletop session is reported under.
const SessionFile = "demo/session.yaml"

// Session is a tabletop session of the lost-root-account scenario as the
// scribe typed it up, in the `warroom scenario run --script` format: the
// room claims root has MFA, which the sample inventory contradicts.
//
//go:embed session.yaml
var Session []byte

// Workload is the sample workload.
var Workload = review.Workload{
	Name:        "payments",
	Owner:       "platform team",
	Environment: "production",
	Description: "Northwind Pay card-payments API: API Gateway, ECS Fargate, Aurora PostgreSQL, S3 and SQS across two accounts and a log archive account",
}
