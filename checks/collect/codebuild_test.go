package collect

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/codebuild"
	cbtypes "github.com/aws/aws-sdk-go-v2/service/codebuild/types"

	"github.com/warroom/warroom/checks"
)

// fakeCodeBuild serves canned CodeBuild answers; nil funcs answer empty outputs.
type fakeCodeBuild struct {
	calls    bCalls
	list     func(*codebuild.ListProjectsInput) (*codebuild.ListProjectsOutput, error)
	batchGet func(*codebuild.BatchGetProjectsInput) (*codebuild.BatchGetProjectsOutput, error)
}

var _ codebuildAPI = (*fakeCodeBuild)(nil)

func (f *fakeCodeBuild) ListProjects(_ context.Context, in *codebuild.ListProjectsInput, _ ...func(*codebuild.Options)) (*codebuild.ListProjectsOutput, error) {
	return bAnswer(&f.calls, f.list, in, "ListProjects", aws.ToString(in.NextToken))
}

func (f *fakeCodeBuild) BatchGetProjects(_ context.Context, in *codebuild.BatchGetProjectsInput, _ ...func(*codebuild.Options)) (*codebuild.BatchGetProjectsOutput, error) {
	return bAnswer(&f.calls, f.batchGet, in, "BatchGetProjects", bJoin(in.Names))
}

func Test_readCodeBuild(t *testing.T) {
	const region = "eu-west-1"
	projectARN := func(name string) string { return "arn:aws:codebuild:" + region + ":" + bAccount + ":project/" + name }
	const secretValue = "AKIAEXAMPLEVALUE-do-not-store"
	env := func(name string, typ cbtypes.EnvironmentVariableType, value string) cbtypes.EnvironmentVariable {
		return cbtypes.EnvironmentVariable{Name: aws.String(name), Type: typ, Value: aws.String(value)}
	}
	// definitions are the projects BatchGetProjects knows; others are not found.
	definitions := map[string]cbtypes.Project{
		"deploy": {Name: aws.String("deploy"), Arn: aws.String(projectARN("deploy")), Environment: &cbtypes.ProjectEnvironment{
			PrivilegedMode: aws.Bool(true),
			EnvironmentVariables: []cbtypes.EnvironmentVariable{
				env("STAGE", cbtypes.EnvironmentVariableTypePlaintext, "prod"),
				env("AWS_SECRET_ACCESS_KEY", cbtypes.EnvironmentVariableTypePlaintext, secretValue),
				env("AWS_ACCESS_KEY_ID", "", secretValue), // no type means PLAINTEXT
				env("DB_PASSWORD", cbtypes.EnvironmentVariableTypeSecretsManager, "prod/db:password"),
				env("API_TOKEN", cbtypes.EnvironmentVariableTypeParameterStore, "/ci/api-token"),
			},
		}},
		"web": {Name: aws.String("web"), Arn: aws.String(projectARN("web")), Environment: &cbtypes.ProjectEnvironment{}},
	}
	batchGet := func(in *codebuild.BatchGetProjectsInput) (*codebuild.BatchGetProjectsOutput, error) {
		out := &codebuild.BatchGetProjectsOutput{}
		for _, n := range in.Names {
			if p, ok := definitions[n]; ok {
				out.Projects = append(out.Projects, p)
			} else {
				out.ProjectsNotFound = append(out.ProjectsNotFound, n)
			}
		}
		return out, nil
	}
	base := func() *fakeCodeBuild {
		return &fakeCodeBuild{
			list: func(in *codebuild.ListProjectsInput) (*codebuild.ListProjectsOutput, error) {
				return bPage(in.NextToken,
					&codebuild.ListProjectsOutput{NextToken: aws.String("1"), Projects: []string{"deploy"}},
					&codebuild.ListProjectsOutput{Projects: []string{"web"}},
				), nil
			},
			batchGet: batchGet,
		}
	}
	deploy := checks.CodeBuildProject{Name: "deploy", ARN: projectARN("deploy"), Privileged: true,
		PlaintextEnvNames: []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "STAGE"}}
	web := checks.CodeBuildProject{Name: "web", ARN: projectARN("web")}

	// many are 205 project names: three batches of 100, 100 and 5.
	var many []string
	for i := range 205 {
		many = append(many, fmt.Sprintf("p%03d", i))
	}
	many[0], many[204] = "deploy", "web"

	tests := []struct {
		name    string
		change  func(f *fakeCodeBuild)
		want    []checks.CodeBuildProject
		gaps    []aGap
		batches []int // sizes of the BatchGetProjects calls, sorted; nil: not asserted
	}{
		{
			name:    "two pages, one batch; PLAINTEXT names only, values dropped",
			want:    []checks.CodeBuildProject{deploy, web},
			batches: []int{2},
		},
		{
			name: "more than 100 projects are read in batches of at most 100; list order kept",
			change: func(f *fakeCodeBuild) {
				f.list = func(*codebuild.ListProjectsInput) (*codebuild.ListProjectsOutput, error) {
					return &codebuild.ListProjectsOutput{Projects: many}, nil
				}
			},
			want:    []checks.CodeBuildProject{deploy, web},
			batches: []int{5, 100, 100},
		},
		{
			name: "a failed batch is a gap for each of its projects; other batches kept",
			change: func(f *fakeCodeBuild) {
				f.list = func(*codebuild.ListProjectsInput) (*codebuild.ListProjectsOutput, error) {
					return &codebuild.ListProjectsOutput{Projects: many}, nil
				}
				f.batchGet = func(in *codebuild.BatchGetProjectsInput) (*codebuild.BatchGetProjectsOutput, error) {
					if in.Names[0] == "deploy" {
						return nil, aErr(codebuild.ServiceID, "BatchGetProjects", "AccessDeniedException")
					}
					return batchGet(in)
				}
			},
			want: []checks.CodeBuildProject{web},
			gaps: func() []aGap {
				var gs []aGap
				for _, n := range many[:100] {
					gs = append(gs, aGap{"CodeBuild", "BatchGetProjects", "codebuild:BatchGetProjects", region, projectARN(n), checks.GapAccessDenied})
				}
				return gs
			}(),
		},
		{
			name: "project list denied: region gap, no batch reads",
			change: func(f *fakeCodeBuild) {
				f.list = func(*codebuild.ListProjectsInput) (*codebuild.ListProjectsOutput, error) {
					return nil, aErr(codebuild.ServiceID, "ListProjects", "AccessDeniedException")
				}
			},
			gaps:    []aGap{{"CodeBuild", "ListProjects", "codebuild:ListProjects", region, "", checks.GapAccessDenied}},
			batches: []int{},
		},
		{
			name: "no projects: no batch reads",
			change: func(f *fakeCodeBuild) {
				f.list = nil
			},
			batches: []int{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, j := bFake(t, region, base, tt.change)
			readCodeBuild(context.Background(), f, j)
			bWant(t, "CodeBuildProjects", j.Facts.CodeBuildProjects, tt.want)
			bWantGaps(t, j, tt.gaps)
			if tt.batches != nil {
				sizes := []int{}
				for _, c := range bFilter(f.calls.sorted(), "BatchGetProjects ") {
					sizes = append(sizes, len(strings.Split(strings.TrimPrefix(c, "BatchGetProjects "), ",")))
				}
				slices.Sort(sizes)
				bWant(t, "batch sizes", sizes, tt.batches)
			}
			b, err := json.Marshal(j.Account)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range []string{secretValue, "prod/db:password", "/ci/api-token", `"prod"`} {
				if strings.Contains(string(b), v) {
					t.Errorf("environment variable value %q reached the inventory: %s", v, b)
				}
			}
			for _, n := range []string{"DB_PASSWORD", "API_TOKEN"} {
				if strings.Contains(string(b), n) {
					t.Errorf("non-PLAINTEXT variable %s reached the inventory: %s", n, b)
				}
			}
		})
	}
}
