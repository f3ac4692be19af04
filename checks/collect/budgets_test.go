package collect

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/budgets"
	"github.com/aws/aws-sdk-go-v2/service/budgets/types"

	"github.com/warroom/warroom/checks"
)

// fakeBudgets is a hand-written budgetsAPI.
type fakeBudgets struct {
	list          func(*budgets.DescribeBudgetsInput) (*budgets.DescribeBudgetsOutput, error)
	notifications func(*budgets.DescribeNotificationsForBudgetInput) (*budgets.DescribeNotificationsForBudgetOutput, error)
	subscribers   func(*budgets.DescribeSubscribersForNotificationInput) (*budgets.DescribeSubscribersForNotificationOutput, error)
}

var _ budgetsAPI = (*fakeBudgets)(nil)

func (f *fakeBudgets) DescribeBudgets(_ context.Context, in *budgets.DescribeBudgetsInput, _ ...func(*budgets.Options)) (*budgets.DescribeBudgetsOutput, error) {
	return f.list(in)
}

func (f *fakeBudgets) DescribeNotificationsForBudget(_ context.Context, in *budgets.DescribeNotificationsForBudgetInput, _ ...func(*budgets.Options)) (*budgets.DescribeNotificationsForBudgetOutput, error) {
	return f.notifications(in)
}

func (f *fakeBudgets) DescribeSubscribersForNotification(_ context.Context, in *budgets.DescribeSubscribersForNotificationInput, _ ...func(*budgets.Options)) (*budgets.DescribeSubscribersForNotificationOutput, error) {
	return f.subscribers(in)
}

func TestReadBudgets(t *testing.T) {
	api := &fakeBudgets{
		list: func(in *budgets.DescribeBudgetsInput) (*budgets.DescribeBudgetsOutput, error) {
			if aws.ToString(in.AccountId) != aAccount {
				t.Errorf("account id = %q", aws.ToString(in.AccountId))
			}
			i := aPageIndex(in.NextToken)
			page := [][]types.Budget{
				{{BudgetName: aws.String("monthly"), BudgetType: types.BudgetTypeCost}},
				{{BudgetName: aws.String("silent"), BudgetType: types.BudgetTypeCost}, {BudgetName: aws.String("denied"), BudgetType: types.BudgetTypeUsage}},
			}[i]
			return &budgets.DescribeBudgetsOutput{Budgets: page, NextToken: aNext(i, 2)}, nil
		},
		notifications: func(in *budgets.DescribeNotificationsForBudgetInput) (*budgets.DescribeNotificationsForBudgetOutput, error) {
			switch aws.ToString(in.BudgetName) {
			case "silent":
				return nil, aErr(budgets.ServiceID, "DescribeNotificationsForBudget", "NotFoundException")
			case "denied":
				return nil, aErr(budgets.ServiceID, "DescribeNotificationsForBudget", "AccessDeniedException")
			}
			i := aPageIndex(in.NextToken)
			n := []types.Notification{
				{NotificationType: types.NotificationTypeActual, Threshold: 80},
				{NotificationType: types.NotificationTypeForecasted, Threshold: 100},
			}[i]
			return &budgets.DescribeNotificationsForBudgetOutput{Notifications: []types.Notification{n}, NextToken: aNext(i, 2)}, nil
		},
		subscribers: func(in *budgets.DescribeSubscribersForNotificationInput) (*budgets.DescribeSubscribersForNotificationOutput, error) {
			subs := []types.Subscriber{{SubscriptionType: types.SubscriptionTypeEmail, Address: aws.String("a@example.com")}}
			if in.Notification.Threshold == 80 {
				subs = append(subs, types.Subscriber{SubscriptionType: types.SubscriptionTypeSns, Address: aws.String("arn:aws:sns:us-east-1:123456789012:t")})
			}
			return &budgets.DescribeSubscribersForNotificationOutput{Subscribers: subs}, nil
		},
	}
	j := aJob(t, "us-east-1", true)
	readBudgets(context.Background(), api, j)
	want := []checks.Budget{
		{Name: "monthly", Type: "COST", Notifications: 2, Subscribers: 3},
		{Name: "silent", Type: "COST"},
		{Name: "denied", Type: "USAGE"},
	}
	if got := j.Account.Global.Budgets; !reflect.DeepEqual(got, want) {
		t.Errorf("budgets = %+v, want %+v", got, want)
	}
	wantGaps := []aGap{{"Budgets", "DescribeNotificationsForBudget", "budgets:ViewBudget", "", "arn:aws:iam::123456789012:root", checks.GapAccessDenied}}
	if g := aGaps(j); !reflect.DeepEqual(g, wantGaps) {
		t.Errorf("gaps = %+v, want %+v", g, wantGaps)
	}
}

func TestReadBudgets_listDenied(t *testing.T) {
	api := &fakeBudgets{list: func(*budgets.DescribeBudgetsInput) (*budgets.DescribeBudgetsOutput, error) {
		return nil, aErr(budgets.ServiceID, "DescribeBudgets", "AccessDeniedException")
	}}
	j := aJob(t, "us-east-1", true)
	readBudgets(context.Background(), api, j)
	want := []aGap{{"Budgets", "DescribeBudgets", "budgets:ViewBudget", "", "", checks.GapAccessDenied}}
	if g := aGaps(j); !reflect.DeepEqual(g, want) {
		t.Errorf("gaps = %+v, want %+v", g, want)
	}
}
