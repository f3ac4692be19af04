package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/budgets"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(budgets.ServiceID,
		op{"DescribeBudgets", "budgets:ViewBudget", "lists budgets for budgets.spend-alert"},
		op{"DescribeNotificationsForBudget", "budgets:ViewBudget", "counts each budget's notifications for budgets.spend-alert"},
		op{"DescribeSubscribersForNotification", "budgets:ViewBudget", "counts who each notification reaches for budgets.spend-alert"},
	)
	register(service{Name: "budgets", ID: budgets.ServiceID, Global: true, Collect: func(ctx context.Context, j *job) {
		readBudgets(ctx, budgets.NewFromConfig(j.Cfg), j)
	}})
}

// budgetsAPI is the part of the AWS Budgets client warroom calls: reads only.
type budgetsAPI interface {
	budgets.DescribeBudgetsAPIClient
	budgets.DescribeNotificationsForBudgetAPIClient
	budgets.DescribeSubscribersForNotificationAPIClient
}

// readBudgets fills Global.Budgets with each budget's notification and
// subscriber counts. Budgets are account-wide facts: a failed per-budget read
// is a gap on the account's root ARN.
func readBudgets(ctx context.Context, api budgetsAPI, j *job) {
	acct := aws.String(j.Account.ID)
	var list []checks.Budget
	p := budgets.NewDescribeBudgetsPaginator(api, &budgets.DescribeBudgetsInput{AccountId: acct})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if hasCode(err, "NotFoundException") { // no budgets at all
				break
			}
			j.fail(err, "")
			return
		}
		for _, b := range page.Budgets {
			list = append(list, checks.Budget{Name: aws.ToString(b.BudgetName), Type: string(b.BudgetType)})
		}
	}
	root := accountRootARN(j)
	forEach(len(list), func(i int) {
		b := &list[i]
		np := budgets.NewDescribeNotificationsForBudgetPaginator(api, &budgets.DescribeNotificationsForBudgetInput{AccountId: acct, BudgetName: aws.String(b.Name)})
		for np.HasMorePages() {
			page, err := np.NextPage(ctx)
			if err != nil {
				if !hasCode(err, "NotFoundException") {
					j.fail(err, root)
				}
				return
			}
			for k := range page.Notifications {
				b.Notifications++
				sp := budgets.NewDescribeSubscribersForNotificationPaginator(api, &budgets.DescribeSubscribersForNotificationInput{
					AccountId: acct, BudgetName: aws.String(b.Name), Notification: &page.Notifications[k],
				})
				for sp.HasMorePages() {
					sub, err := sp.NextPage(ctx)
					if err != nil {
						if !hasCode(err, "NotFoundException") {
							j.fail(err, root)
						}
						break
					}
					b.Subscribers += len(sub.Subscribers)
				}
			}
		}
	})
	j.Account.Global.Budgets = list
}
