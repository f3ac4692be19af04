package collect

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/warroom/warroom/checks"
)

// fakeKMS serves canned KMS answers; nil funcs answer empty outputs.
type fakeKMS struct {
	calls          bCalls
	listKeys       func(*kms.ListKeysInput) (*kms.ListKeysOutput, error)
	listAliases    func(*kms.ListAliasesInput) (*kms.ListAliasesOutput, error)
	describeKey    func(*kms.DescribeKeyInput) (*kms.DescribeKeyOutput, error)
	rotationStatus func(*kms.GetKeyRotationStatusInput) (*kms.GetKeyRotationStatusOutput, error)
	keyPolicy      func(*kms.GetKeyPolicyInput) (*kms.GetKeyPolicyOutput, error)
}

var _ kmsAPI = (*fakeKMS)(nil)

func (f *fakeKMS) ListKeys(_ context.Context, in *kms.ListKeysInput, _ ...func(*kms.Options)) (*kms.ListKeysOutput, error) {
	return bAnswer(&f.calls, f.listKeys, in, "ListKeys", aws.ToString(in.Marker))
}

func (f *fakeKMS) ListAliases(_ context.Context, in *kms.ListAliasesInput, _ ...func(*kms.Options)) (*kms.ListAliasesOutput, error) {
	return bAnswer(&f.calls, f.listAliases, in, "ListAliases", aws.ToString(in.Marker))
}

func (f *fakeKMS) DescribeKey(_ context.Context, in *kms.DescribeKeyInput, _ ...func(*kms.Options)) (*kms.DescribeKeyOutput, error) {
	return bAnswer(&f.calls, f.describeKey, in, "DescribeKey", aws.ToString(in.KeyId))
}

func (f *fakeKMS) GetKeyRotationStatus(_ context.Context, in *kms.GetKeyRotationStatusInput, _ ...func(*kms.Options)) (*kms.GetKeyRotationStatusOutput, error) {
	return bAnswer(&f.calls, f.rotationStatus, in, "GetKeyRotationStatus", aws.ToString(in.KeyId))
}

func (f *fakeKMS) GetKeyPolicy(_ context.Context, in *kms.GetKeyPolicyInput, _ ...func(*kms.Options)) (*kms.GetKeyPolicyOutput, error) {
	return bAnswer(&f.calls, f.keyPolicy, in, "GetKeyPolicy", aws.ToString(in.KeyId), aws.ToString(in.PolicyName))
}

func Test_readKMS(t *testing.T) {
	const region = "eu-west-1"
	keyARN := func(id string) string { return "arn:aws:kms:" + region + ":" + bAccount + ":key/" + id }
	deletion := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	meta := map[string]kmstypes.KeyMetadata{
		"k-cust":     {KeyManager: "CUSTOMER", KeyState: "Enabled", KeySpec: "SYMMETRIC_DEFAULT", Origin: "AWS_KMS"},
		"k-aws":      {KeyManager: "AWS", KeyState: "Enabled", KeySpec: "SYMMETRIC_DEFAULT", Origin: "AWS_KMS"},
		"k-doomed":   {KeyManager: "CUSTOMER", KeyState: "PendingDeletion", KeySpec: "SYMMETRIC_DEFAULT", Origin: "AWS_KMS", DeletionDate: &deletion},
		"k-rsa":      {KeyManager: "CUSTOMER", KeyState: "Enabled", KeySpec: "RSA_2048", Origin: "AWS_KMS"},
		"k-imported": {KeyManager: "CUSTOMER", KeyState: "Enabled", KeySpec: "SYMMETRIC_DEFAULT", Origin: "EXTERNAL"},
	}
	entry := func(id string) kmstypes.KeyListEntry {
		return kmstypes.KeyListEntry{KeyId: aws.String(id), KeyArn: aws.String(keyARN(id))}
	}
	twoPages := func(in *kms.ListKeysInput) (*kms.ListKeysOutput, error) {
		return bPage(in.Marker,
			&kms.ListKeysOutput{Keys: []kmstypes.KeyListEntry{entry("k-cust"), entry("k-aws")}, Truncated: true, NextMarker: aws.String("1")},
			&kms.ListKeysOutput{Keys: []kmstypes.KeyListEntry{entry("k-doomed"), entry("k-rsa"), entry("k-imported")}},
		), nil
	}
	describe := func(in *kms.DescribeKeyInput) (*kms.DescribeKeyOutput, error) {
		m := meta[aws.ToString(in.KeyId)]
		return &kms.DescribeKeyOutput{KeyMetadata: &m}, nil
	}
	aliases := func(in *kms.ListAliasesInput) (*kms.ListAliasesOutput, error) {
		return bPage(in.Marker,
			&kms.ListAliasesOutput{Aliases: []kmstypes.AliasListEntry{
				{AliasName: aws.String("alias/app"), TargetKeyId: aws.String("k-cust")},
				{AliasName: aws.String("alias/unused")},
			}, Truncated: true, NextMarker: aws.String("1")},
			&kms.ListAliasesOutput{Aliases: []kmstypes.AliasListEntry{
				{AliasName: aws.String("alias/aws/ebs"), TargetKeyId: aws.String("k-aws")},
				{AliasName: aws.String("alias/app-old"), TargetKeyId: aws.String("k-cust")},
			}},
		), nil
	}
	rotation := func(in *kms.GetKeyRotationStatusInput) (*kms.GetKeyRotationStatusOutput, error) {
		return &kms.GetKeyRotationStatusOutput{KeyRotationEnabled: true}, nil
	}
	policy := func(in *kms.GetKeyPolicyInput) (*kms.GetKeyPolicyOutput, error) {
		return &kms.GetKeyPolicyOutput{Policy: aws.String(`{"id":"` + aws.ToString(in.KeyId) + `"}`)}, nil
	}
	full := []checks.KMSKey{
		{ID: "k-cust", ARN: keyARN("k-cust"), Manager: "CUSTOMER", State: "Enabled", Spec: "SYMMETRIC_DEFAULT", Origin: "AWS_KMS",
			RotationEnabled: aws.Bool(true), Policy: `{"id":"k-cust"}`, Aliases: []string{"alias/app", "alias/app-old"}},
		{ID: "k-aws", ARN: keyARN("k-aws"), Manager: "AWS", State: "Enabled", Spec: "SYMMETRIC_DEFAULT", Origin: "AWS_KMS",
			Aliases: []string{"alias/aws/ebs"}},
		{ID: "k-doomed", ARN: keyARN("k-doomed"), Manager: "CUSTOMER", State: "PendingDeletion", Spec: "SYMMETRIC_DEFAULT", Origin: "AWS_KMS",
			DeletionDate: &deletion, Policy: `{"id":"k-doomed"}`},
		{ID: "k-rsa", ARN: keyARN("k-rsa"), Manager: "CUSTOMER", State: "Enabled", Spec: "RSA_2048", Origin: "AWS_KMS", Policy: `{"id":"k-rsa"}`},
		{ID: "k-imported", ARN: keyARN("k-imported"), Manager: "CUSTOMER", State: "Enabled", Spec: "SYMMETRIC_DEFAULT", Origin: "EXTERNAL", Policy: `{"id":"k-imported"}`},
	}
	// withRotationUnread is full with k-cust's rotation status unknown.
	withRotationUnread := append([]checks.KMSKey(nil), full...)
	withRotationUnread[0].RotationEnabled = nil

	tests := []struct {
		name string
		fake *fakeKMS
		want []checks.KMSKey
		gaps []aGap
		// rotationCalls and policyCalls are the keys those reads went to.
		rotationCalls, policyCalls []string
	}{
		{
			name:          "two pages of keys; AWS-managed key gets no rotation or policy read",
			fake:          &fakeKMS{listKeys: twoPages, describeKey: describe, listAliases: aliases, rotationStatus: rotation, keyPolicy: policy},
			want:          full,
			rotationCalls: []string{"GetKeyRotationStatus k-cust"},
			policyCalls:   []string{"GetKeyPolicy k-cust default", "GetKeyPolicy k-doomed default", "GetKeyPolicy k-imported default", "GetKeyPolicy k-rsa default"},
		},
		{
			name: "rotation read denied for one key: gap for that key, the rest collected",
			fake: &fakeKMS{listKeys: twoPages, describeKey: describe, listAliases: aliases, keyPolicy: policy,
				rotationStatus: func(in *kms.GetKeyRotationStatusInput) (*kms.GetKeyRotationStatusOutput, error) {
					return nil, aErr(kms.ServiceID, "GetKeyRotationStatus", "AccessDeniedException")
				}},
			want:          withRotationUnread,
			gaps:          []aGap{{"KMS", "GetKeyRotationStatus", "kms:GetKeyRotationStatus", region, keyARN("k-cust"), checks.GapAccessDenied}},
			rotationCalls: []string{"GetKeyRotationStatus k-cust"},
			policyCalls:   []string{"GetKeyPolicy k-cust default", "GetKeyPolicy k-doomed default", "GetKeyPolicy k-imported default", "GetKeyPolicy k-rsa default"},
		},
		{
			name: "describe denied for one key: kept with what is known, no further reads",
			fake: &fakeKMS{listKeys: twoPages, listAliases: aliases, rotationStatus: rotation, keyPolicy: policy,
				describeKey: func(in *kms.DescribeKeyInput) (*kms.DescribeKeyOutput, error) {
					if aws.ToString(in.KeyId) == "k-rsa" {
						return nil, aErr(kms.ServiceID, "DescribeKey", "AccessDeniedException")
					}
					return describe(in)
				}},
			want: func() []checks.KMSKey {
				w := append([]checks.KMSKey(nil), full...)
				w[3] = checks.KMSKey{ID: "k-rsa", ARN: keyARN("k-rsa")}
				return w
			}(),
			gaps:          []aGap{{"KMS", "DescribeKey", "kms:DescribeKey", region, keyARN("k-rsa"), checks.GapAccessDenied}},
			rotationCalls: []string{"GetKeyRotationStatus k-cust"},
			policyCalls:   []string{"GetKeyPolicy k-cust default", "GetKeyPolicy k-doomed default", "GetKeyPolicy k-imported default"},
		},
		{
			name: "key list denied: one gap for the region, aliases still read",
			fake: &fakeKMS{listAliases: aliases, listKeys: func(*kms.ListKeysInput) (*kms.ListKeysOutput, error) {
				return nil, aErr(kms.ServiceID, "ListKeys", "AccessDeniedException")
			}},
			gaps: []aGap{{"KMS", "ListKeys", "kms:ListKeys", region, "", checks.GapAccessDenied}},
		},
		{
			name: "alias list denied: keys collected without aliases",
			fake: &fakeKMS{listKeys: twoPages, describeKey: describe, rotationStatus: rotation, keyPolicy: policy,
				listAliases: func(*kms.ListAliasesInput) (*kms.ListAliasesOutput, error) {
					return nil, aErr(kms.ServiceID, "ListAliases", "AccessDeniedException")
				}},
			want: func() []checks.KMSKey {
				w := append([]checks.KMSKey(nil), full...)
				for i := range w {
					w[i].Aliases = nil
				}
				return w
			}(),
			gaps:          []aGap{{"KMS", "ListAliases", "kms:ListAliases", region, "", checks.GapAccessDenied}},
			rotationCalls: []string{"GetKeyRotationStatus k-cust"},
			policyCalls:   []string{"GetKeyPolicy k-cust default", "GetKeyPolicy k-doomed default", "GetKeyPolicy k-imported default", "GetKeyPolicy k-rsa default"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := bJob(t, region)
			readKMS(context.Background(), tt.fake, j)
			if got := j.Facts.KMSKeys; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("KMSKeys =\n%+v\nwant\n%+v", got, tt.want)
			}
			bWantGaps(t, j, tt.gaps)
			if got := bFilter(tt.fake.calls.sorted(), "GetKeyRotationStatus"); !reflect.DeepEqual(got, tt.rotationCalls) {
				t.Errorf("rotation calls = %q, want %q", got, tt.rotationCalls)
			}
			if got := bFilter(tt.fake.calls.sorted(), "GetKeyPolicy"); !reflect.DeepEqual(got, tt.policyCalls) {
				t.Errorf("policy calls = %q, want %q", got, tt.policyCalls)
			}
			if n := tt.fake.calls.count("DescribeKey k-aws"); len(tt.want) > 0 && n != 1 {
				t.Errorf("DescribeKey k-aws called %d times, want 1", n)
			}
		})
	}
}
