package collect

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/warroom/warroom/checks/collect/awstest"
)

// TestReadOnly_refusesMutations sends mutating calls through a guarded
// configuration (and a copy of it for another region, as collectors derive
// one): the guard refuses them and the fake endpoint receives nothing.
func TestReadOnly_refusesMutations(t *testing.T) {
	srv := awstest.NewServer(t, "")
	cfg := wConfig(t, srv, wAcctA, "us-east-1")
	other := cfg.Copy()
	other.Region = "eu-west-1"
	ctx := context.Background()
	calls := map[string]func() error{
		"s3 DeleteBucket": func() error {
			_, err := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }).
				DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String("evidence")})
			return err
		},
		"s3 DeleteBucket (copied config)": func() error {
			_, err := s3.NewFromConfig(other, func(o *s3.Options) { o.UsePathStyle = true }).
				DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String("evidence")})
			return err
		},
		"iam DeleteUser": func() error {
			_, err := iam.NewFromConfig(cfg).DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("alice")})
			return err
		},
		"iam CreateAccessKey (copied config)": func() error {
			_, err := iam.NewFromConfig(other).CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("alice")})
			return err
		},
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, ErrNotReadOnly) {
			t.Errorf("%s: err = %v, want ErrNotReadOnly", name, err)
		}
	}
	if n := srv.Attempts(); n != 0 {
		t.Errorf("the fake received %d requests: %+v", n, srv.Requests())
	}
	if _, err := iam.NewFromConfig(other).GetAccountSummary(ctx, &iam.GetAccountSummaryInput{}); err != nil {
		t.Errorf("an allowed read failed: %v", err)
	}
	if n := srv.Attempts(); n != 1 {
		t.Errorf("the fake received %d requests for one allowed read", n)
	}
}

// wReadVerbs are the prefixes of read operations. GenerateCredentialReport
// only asks IAM to build the report; AssumeRole is the framework's way into
// other accounts and gets its own statement in the policy.
var wReadVerbs = []string{"Describe", "Get", "List", "BatchGet", "Search", "Lookup"}

var wReadExceptions = map[string]bool{"GenerateCredentialReport": true, "AssumeRole": true}

func TestAllowList_readsOnly(t *testing.T) {
	if len(allowList) == 0 {
		t.Fatal("empty allow-list")
	}
	for svc, ops := range allowList {
		for name, o := range ops {
			if name != o.Name {
				t.Errorf("%s: op filed as %q is named %q", svc, name, o.Name)
			}
			read := wReadExceptions[name]
			for _, v := range wReadVerbs {
				read = read || strings.HasPrefix(name, v)
			}
			if !read {
				t.Errorf("%s %s: not a read operation", svc, name)
			}
			if strings.TrimSpace(o.Why) == "" {
				t.Errorf("%s %s: no reason given", svc, name)
			}
			if svcPart, act, ok := strings.Cut(o.Action, ":"); !ok || svcPart == "" || act == "" || strings.ContainsAny(o.Action, " *") {
				t.Errorf("%s %s: malformed IAM action %q", svc, name, o.Action)
			}
		}
	}
}

// TestAllowList_coversAPIInterfaces parses the package and checks that every
// method of every collector interface (types named xxxAPI) is on the
// allow-list, so a collector cannot even compile a call the guard would refuse.
func TestAllowList_coversAPIInterfaces(t *testing.T) {
	methods := wAPIMethods(t)
	if len(methods) == 0 {
		t.Fatal("no xxxAPI interfaces found")
	}
	onList := map[string]bool{}
	for _, ops := range allowList {
		for name := range ops {
			onList[name] = true
		}
	}
	for _, m := range methods {
		name := m[strings.LastIndexByte(m, '.')+1:]
		if !onList[name] {
			t.Errorf("%s is not on the allow-list of any service", m)
		}
	}
}

// wAPIMethods returns "iface.Method" for every method of every interface type
// named xxxAPI in the package's non-test files. An embedded paginator client
// interface (dynamodb.ListTablesAPIClient) stands for its one method.
func wAPIMethods(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var out []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(af, func(n ast.Node) bool {
			ts, ok := n.(*ast.TypeSpec)
			if !ok || !strings.HasSuffix(ts.Name.Name, "API") {
				return true
			}
			it, ok := ts.Type.(*ast.InterfaceType)
			if !ok {
				return true
			}
			for _, m := range it.Methods.List {
				switch x := m.Type.(type) {
				case *ast.FuncType:
					for _, id := range m.Names {
						out = append(out, ts.Name.Name+"."+id.Name)
					}
				case *ast.SelectorExpr:
					if !strings.HasSuffix(x.Sel.Name, "APIClient") {
						t.Errorf("%s embeds %s, which is not a paginator client", ts.Name.Name, x.Sel.Name)
						continue
					}
					out = append(out, ts.Name.Name+"."+strings.TrimSuffix(x.Sel.Name, "APIClient"))
				case *ast.Ident:
					t.Errorf("%s embeds %s: list its methods instead", ts.Name.Name, x.Name)
				}
			}
			return false
		})
	}
	sort.Strings(out)
	return out
}
