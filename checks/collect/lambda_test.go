package collect

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/warroom/warroom/checks"
)

// fakeLambda serves canned Lambda answers; nil funcs answer empty outputs.
type fakeLambda struct {
	calls       bCalls
	functions   func(*lambda.ListFunctionsInput) (*lambda.ListFunctionsOutput, error)
	policy      func(*lambda.GetPolicyInput) (*lambda.GetPolicyOutput, error)
	urls        func(*lambda.ListFunctionUrlConfigsInput) (*lambda.ListFunctionUrlConfigsOutput, error)
	codeSigning func(*lambda.GetFunctionCodeSigningConfigInput) (*lambda.GetFunctionCodeSigningConfigOutput, error)
}

var _ lambdaAPI = (*fakeLambda)(nil)

func (f *fakeLambda) ListFunctions(_ context.Context, in *lambda.ListFunctionsInput, _ ...func(*lambda.Options)) (*lambda.ListFunctionsOutput, error) {
	return bAnswer(&f.calls, f.functions, in, "ListFunctions", aws.ToString(in.Marker))
}

func (f *fakeLambda) GetPolicy(_ context.Context, in *lambda.GetPolicyInput, _ ...func(*lambda.Options)) (*lambda.GetPolicyOutput, error) {
	return bAnswer(&f.calls, f.policy, in, "GetPolicy", aws.ToString(in.FunctionName))
}

func (f *fakeLambda) ListFunctionUrlConfigs(_ context.Context, in *lambda.ListFunctionUrlConfigsInput, _ ...func(*lambda.Options)) (*lambda.ListFunctionUrlConfigsOutput, error) {
	return bAnswer(&f.calls, f.urls, in, "ListFunctionUrlConfigs", aws.ToString(in.FunctionName), aws.ToString(in.Marker))
}

func (f *fakeLambda) GetFunctionCodeSigningConfig(_ context.Context, in *lambda.GetFunctionCodeSigningConfigInput, _ ...func(*lambda.Options)) (*lambda.GetFunctionCodeSigningConfigOutput, error) {
	return bAnswer(&f.calls, f.codeSigning, in, "GetFunctionCodeSigningConfig", aws.ToString(in.FunctionName))
}

func Test_readLambda(t *testing.T) {
	const region = "eu-central-1"
	fnARN := func(name string) string { return "arn:aws:lambda:" + region + ":" + bAccount + ":function:" + name }
	const secretValue = "hunter2-do-not-store"
	base := func() *fakeLambda {
		return &fakeLambda{
			functions: func(in *lambda.ListFunctionsInput) (*lambda.ListFunctionsOutput, error) {
				return bPage(in.Marker,
					&lambda.ListFunctionsOutput{NextMarker: aws.String("1"), Functions: []lambdatypes.FunctionConfiguration{{
						FunctionName: aws.String("api"), FunctionArn: aws.String(fnARN("api")), Runtime: lambdatypes.RuntimeNodejs20x,
						Environment: &lambdatypes.EnvironmentResponse{Variables: map[string]string{
							"DB_PASSWORD": secretValue, "API_TOKEN": secretValue, "STAGE": "prod",
						}},
					}}},
					&lambda.ListFunctionsOutput{Functions: []lambdatypes.FunctionConfiguration{{
						FunctionName: aws.String("worker"), FunctionArn: aws.String(fnARN("worker")), Runtime: lambdatypes.RuntimePython312,
					}}},
				), nil
			},
			policy: func(in *lambda.GetPolicyInput) (*lambda.GetPolicyOutput, error) {
				if aws.ToString(in.FunctionName) == fnARN("worker") {
					return nil, aErr(lambda.ServiceID, "GetPolicy", "ResourceNotFoundException")
				}
				return &lambda.GetPolicyOutput{Policy: aws.String(`{"Statement":[{"Principal":"*"}]}`)}, nil
			},
			urls: func(in *lambda.ListFunctionUrlConfigsInput) (*lambda.ListFunctionUrlConfigsOutput, error) {
				if aws.ToString(in.FunctionName) != fnARN("api") {
					return &lambda.ListFunctionUrlConfigsOutput{}, nil
				}
				return bPage(in.Marker,
					&lambda.ListFunctionUrlConfigsOutput{NextMarker: aws.String("1"), FunctionUrlConfigs: []lambdatypes.FunctionUrlConfig{{AuthType: lambdatypes.FunctionUrlAuthTypeNone}}},
					&lambda.ListFunctionUrlConfigsOutput{FunctionUrlConfigs: []lambdatypes.FunctionUrlConfig{{AuthType: lambdatypes.FunctionUrlAuthTypeAwsIam}}},
				), nil
			},
			codeSigning: func(in *lambda.GetFunctionCodeSigningConfigInput) (*lambda.GetFunctionCodeSigningConfigOutput, error) {
				if aws.ToString(in.FunctionName) == fnARN("worker") {
					return &lambda.GetFunctionCodeSigningConfigOutput{CodeSigningConfigArn: aws.String("arn:aws:lambda:eu-central-1:111111111111:code-signing-config:csc-1")}, nil
				}
				return &lambda.GetFunctionCodeSigningConfigOutput{}, nil
			},
		}
	}
	api := checks.Function{Name: "api", ARN: fnARN("api"), Runtime: "nodejs20.x", EnvVarNames: []string{"API_TOKEN", "DB_PASSWORD", "STAGE"},
		Policy: `{"Statement":[{"Principal":"*"}]}`, URLAuth: []string{"NONE", "AWS_IAM"}}
	worker := checks.Function{Name: "worker", ARN: fnARN("worker"), Runtime: "python3.12",
		CodeSigning: "arn:aws:lambda:eu-central-1:111111111111:code-signing-config:csc-1"}

	tests := []struct {
		name   string
		change func(f *fakeLambda)
		want   []checks.Function
		gaps   []aGap
	}{
		{
			name: "two pages; no policy is ResourceNotFound and not a gap; env names only",
			want: []checks.Function{api, worker},
		},
		{
			name: "URL configs denied for one function: gap for its ARN, other reads kept",
			change: func(f *fakeLambda) {
				ok := f.urls
				f.urls = func(in *lambda.ListFunctionUrlConfigsInput) (*lambda.ListFunctionUrlConfigsOutput, error) {
					if aws.ToString(in.FunctionName) == fnARN("api") {
						return nil, aErr(lambda.ServiceID, "ListFunctionUrlConfigs", "AccessDeniedException")
					}
					return ok(in)
				}
			},
			want: func() []checks.Function {
				a := api
				a.URLAuth = nil
				return []checks.Function{a, worker}
			}(),
			gaps: []aGap{{"Lambda", "ListFunctionUrlConfigs", "lambda:ListFunctionUrlConfigs", region, fnARN("api"), checks.GapAccessDenied}},
		},
		{
			name: "function list denied: region gap, no per-function reads",
			change: func(f *fakeLambda) {
				f.functions = func(*lambda.ListFunctionsInput) (*lambda.ListFunctionsOutput, error) {
					return nil, aErr(lambda.ServiceID, "ListFunctions", "AccessDeniedException")
				}
			},
			gaps: []aGap{{"Lambda", "ListFunctions", "lambda:ListFunctions", region, "", checks.GapAccessDenied}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, j := bFake(t, region, base, tt.change)
			readLambda(context.Background(), f, j)
			bWant(t, "Functions", j.Facts.Functions, tt.want)
			bWantGaps(t, j, tt.gaps)
			b, err := json.Marshal(j.Account)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(b), secretValue) {
				t.Errorf("an environment variable value reached the inventory: %s", b)
			}
		})
	}
}
