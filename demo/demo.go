// Package demo holds the embedded sample review: a fictional payments
// service, its team's answers, written as data in the import format, a
// sample evidence inventory of its production account and a tabletop
// session the team played.
package demo

import (
	_ "embed"

	"github.com/warroom/warroom/review"
)

// AnswersFile is the name the sample answers are reported under.
const AnswersFile = "demo/answers.yaml"

// Answers is the sample answers file, in the `warroom answer import` format.
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
