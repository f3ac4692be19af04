package collect

import (
	"context"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(lambda.ServiceID,
		op{"ListFunctions", "lambda:ListFunctions", "lists functions, runtimes and environment variable names for lambda.public, lambda.env-secrets and lambda.code-signing"},
		op{"GetPolicy", "lambda:GetPolicy", "reads function resource policies for lambda.public"},
		op{"ListFunctionUrlConfigs", "lambda:ListFunctionUrlConfigs", "reads function URL auth types for lambda.public"},
		op{"GetFunctionCodeSigningConfig", "lambda:GetFunctionCodeSigningConfig", "reads code signing configs for lambda.code-signing"},
	)
	register(service{Name: "lambda", ID: lambda.ServiceID, Collect: func(ctx context.Context, j *job) {
		readLambda(ctx, lambda.NewFromConfig(j.Cfg), j)
	}})
}

// lambdaAPI is the part of the Lambda client warroom calls: reads only.
type lambdaAPI interface {
	lambda.ListFunctionsAPIClient
	lambda.ListFunctionUrlConfigsAPIClient
	GetPolicy(context.Context, *lambda.GetPolicyInput, ...func(*lambda.Options)) (*lambda.GetPolicyOutput, error)
	GetFunctionCodeSigningConfig(context.Context, *lambda.GetFunctionCodeSigningConfigInput, ...func(*lambda.Options)) (*lambda.GetFunctionCodeSigningConfigOutput, error)
}

// readLambda fills j.Facts.Functions. Environment variable values arrive
// with ListFunctions but only the names are kept. Each function's policy,
// URL configs and code signing config are read side by side.
func readLambda(ctx context.Context, api lambdaAPI, j *job) {
	var list []checks.Function
	p := lambda.NewListFunctionsPaginator(api, &lambda.ListFunctionsInput{})
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *lambda.ListFunctionsOutput) {
		for _, f := range page.Functions {
			list = append(list, functionOf(f))
		}
	})
	forEach(len(list), func(i int) {
		f := &list[i]
		reads := []func(){
			func() { readFunctionPolicy(ctx, api, j, f) },
			func() { readFunctionURLs(ctx, api, j, f) },
			func() { readFunctionCodeSigning(ctx, api, j, f) },
		}
		forEach(len(reads), func(k int) { reads[k]() })
	})
	j.Facts.Functions = list
}

// functionOf keeps a function's identity, runtime and the sorted names of
// its environment variables; the values are dropped here.
func functionOf(f lambdatypes.FunctionConfiguration) checks.Function {
	out := checks.Function{
		Name:    aws.ToString(f.FunctionName),
		ARN:     aws.ToString(f.FunctionArn),
		Runtime: string(f.Runtime),
	}
	if f.Environment != nil {
		for name := range f.Environment.Variables {
			out.EnvVarNames = append(out.EnvVarNames, name)
		}
		sort.Strings(out.EnvVarNames)
	}
	return out
}

// readFunctionPolicy reads the resource policy; a function without one
// answers ResourceNotFoundException, which is a fact, not a gap.
func readFunctionPolicy(ctx context.Context, api lambdaAPI, j *job, f *checks.Function) {
	out, err := api.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String(f.ARN)})
	if err != nil {
		if hasCode(err, "ResourceNotFoundException") {
			return
		}
		j.fail(err, f.ARN)
		return
	}
	f.Policy = aws.ToString(out.Policy)
}

func readFunctionURLs(ctx context.Context, api lambdaAPI, j *job, f *checks.Function) {
	p := lambda.NewListFunctionUrlConfigsPaginator(api, &lambda.ListFunctionUrlConfigsInput{FunctionName: aws.String(f.ARN)})
	eachPage(ctx, j, f.ARN, p.HasMorePages, p.NextPage, func(page *lambda.ListFunctionUrlConfigsOutput) {
		for _, u := range page.FunctionUrlConfigs {
			f.URLAuth = append(f.URLAuth, string(u.AuthType))
		}
	})
}

func readFunctionCodeSigning(ctx context.Context, api lambdaAPI, j *job, f *checks.Function) {
	out, err := api.GetFunctionCodeSigningConfig(ctx, &lambda.GetFunctionCodeSigningConfigInput{FunctionName: aws.String(f.ARN)})
	if err != nil {
		j.fail(err, f.ARN)
		return
	}
	f.CodeSigning = aws.ToString(out.CodeSigningConfigArn)
}
