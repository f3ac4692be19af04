// Package demo holds the embedded sample review: a fictional payments
// service, its team's answers, written as data in the import format.
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

// Workload is the sample workload.
var Workload = review.Workload{
	Name:        "payments",
	Owner:       "platform team",
	Environment: "production",
	Description: "Northwind Pay card-payments API: API Gateway, ECS Fargate, Aurora PostgreSQL, S3 and SQS across two accounts and a log archive account",
}
