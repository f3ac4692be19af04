package collect

import (
	"context"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/codebuild"
	cbtypes "github.com/aws/aws-sdk-go-v2/service/codebuild/types"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(codebuild.ServiceID,
		op{"ListProjects", "codebuild:ListProjects", "lists build projects for codebuild.plaintext-creds"},
		op{"BatchGetProjects", "codebuild:BatchGetProjects", "reads project environment variable names and types for codebuild.plaintext-creds"},
	)
	register(service{Name: "codebuild", ID: codebuild.ServiceID, Collect: func(ctx context.Context, j *job) {
		readCodeBuild(ctx, codebuild.NewFromConfig(j.Cfg), j)
	}})
}

// codebuildBatch is the most project names BatchGetProjects accepts at once.
const codebuildBatch = 100

// codebuildAPI is the part of the CodeBuild client warroom calls: reads only.
type codebuildAPI interface {
	codebuild.ListProjectsAPIClient
	BatchGetProjects(context.Context, *codebuild.BatchGetProjectsInput, ...func(*codebuild.Options)) (*codebuild.BatchGetProjectsOutput, error)
}

// readCodeBuild fills j.Facts.CodeBuildProjects: the project names, then
// their definitions in batches. Environment variable values arrive with
// BatchGetProjects but only the names of PLAINTEXT variables are kept. A
// batch that fails is a gap for each of its projects.
func readCodeBuild(ctx context.Context, api codebuildAPI, j *job) {
	var names []string
	p := codebuild.NewListProjectsPaginator(api, &codebuild.ListProjectsInput{})
	if !eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *codebuild.ListProjectsOutput) {
		names = append(names, page.Projects...)
	}) {
		return
	}
	batches := make([][]checks.CodeBuildProject, (len(names)+codebuildBatch-1)/codebuildBatch)
	forEach(len(batches), func(b int) {
		batch := names[b*codebuildBatch : min((b+1)*codebuildBatch, len(names))]
		out, err := api.BatchGetProjects(ctx, &codebuild.BatchGetProjectsInput{Names: batch})
		if err != nil {
			for _, n := range batch {
				j.fail(err, arn(j, "codebuild", "project/"+n))
			}
			return
		}
		for _, pr := range out.Projects {
			batches[b] = append(batches[b], codebuildProjectOf(pr))
		}
	})
	var projects []checks.CodeBuildProject
	for _, b := range batches {
		projects = append(projects, b...)
	}
	j.Facts.CodeBuildProjects = projects
}

// codebuildProjectOf keeps a project's identity, privileged mode and the
// sorted names of its PLAINTEXT environment variables; every value is
// dropped here.
func codebuildProjectOf(p cbtypes.Project) checks.CodeBuildProject {
	out := checks.CodeBuildProject{Name: aws.ToString(p.Name), ARN: aws.ToString(p.Arn)}
	if e := p.Environment; e != nil {
		out.Privileged = aws.ToBool(e.PrivilegedMode)
		for _, v := range e.EnvironmentVariables {
			// An unset type means PLAINTEXT.
			if v.Type == cbtypes.EnvironmentVariableTypePlaintext || v.Type == "" {
				out.PlaintextEnvNames = append(out.PlaintextEnvNames, aws.ToString(v.Name))
			}
		}
		sort.Strings(out.PlaintextEnvNames)
	}
	return out
}
