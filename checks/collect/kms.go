package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/warroom/warroom/checks"
)

func init() {
	allow(kms.ServiceID,
		op{"ListKeys", "kms:ListKeys", "lists keys for kms.rotation, kms.pending-deletion and kms.key-policy-public"},
		op{"DescribeKey", "kms:DescribeKey", "reads key manager, state and spec for kms.rotation and kms.pending-deletion"},
		op{"GetKeyRotationStatus", "kms:GetKeyRotationStatus", "reads automatic rotation of customer keys for kms.rotation"},
		op{"GetKeyPolicy", "kms:GetKeyPolicy", "reads customer key policies for kms.key-policy-public"},
		op{"ListAliases", "kms:ListAliases", "names keys by alias in kms findings"},
	)
	register(service{Name: "kms", ID: kms.ServiceID, Collect: func(ctx context.Context, j *job) {
		readKMS(ctx, kms.NewFromConfig(j.Cfg), j)
	}})
}

// kmsAPI is the part of the KMS client warroom calls: reads only. Key
// material is never requested.
type kmsAPI interface {
	kms.ListKeysAPIClient
	kms.ListAliasesAPIClient
	DescribeKey(context.Context, *kms.DescribeKeyInput, ...func(*kms.Options)) (*kms.DescribeKeyOutput, error)
	GetKeyRotationStatus(context.Context, *kms.GetKeyRotationStatusInput, ...func(*kms.Options)) (*kms.GetKeyRotationStatusOutput, error)
	GetKeyPolicy(context.Context, *kms.GetKeyPolicyInput, ...func(*kms.Options)) (*kms.GetKeyPolicyOutput, error)
}

// readKMS fills j.Facts.KMSKeys. The aliases are listed once for the region
// while the keys are read. AWS-managed keys are kept with their metadata but
// get no rotation or policy reads: AWS rotates them and owns their policies.
func readKMS(ctx context.Context, api kmsAPI, j *job) {
	var aliases map[string][]string
	var keys []checks.KMSKey
	reads := []func(){
		func() { aliases = readKMSAliases(ctx, api, j) },
		func() { keys = readKMSKeys(ctx, api, j) },
	}
	forEach(len(reads), func(i int) { reads[i]() })
	for i := range keys {
		keys[i].Aliases = aliases[keys[i].ID]
	}
	j.Facts.KMSKeys = keys
}

// readKMSAliases maps key ids to their alias names.
func readKMSAliases(ctx context.Context, api kmsAPI, j *job) map[string][]string {
	m := map[string][]string{}
	p := kms.NewListAliasesPaginator(api, &kms.ListAliasesInput{})
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *kms.ListAliasesOutput) {
		for _, a := range page.Aliases {
			if id := aws.ToString(a.TargetKeyId); id != "" {
				m[id] = append(m[id], aws.ToString(a.AliasName))
			}
		}
	})
	return m
}

func readKMSKeys(ctx context.Context, api kmsAPI, j *job) []checks.KMSKey {
	var keys []checks.KMSKey
	p := kms.NewListKeysPaginator(api, &kms.ListKeysInput{})
	eachPage(ctx, j, "", p.HasMorePages, p.NextPage, func(page *kms.ListKeysOutput) {
		for _, k := range page.Keys {
			keys = append(keys, checks.KMSKey{ID: aws.ToString(k.KeyId), ARN: aws.ToString(k.KeyArn)})
		}
	})
	forEach(len(keys), func(i int) { readKMSKey(ctx, api, j, &keys[i]) })
	return keys
}

// readKMSKey describes one key and, for a customer key, reads its policy and
// (when the key can rotate) its rotation status side by side.
func readKMSKey(ctx context.Context, api kmsAPI, j *job, k *checks.KMSKey) {
	if k.ARN == "" {
		k.ARN = arn(j, "kms", "key/"+k.ID)
	}
	out, err := api.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(k.ID)})
	if err != nil {
		j.fail(err, k.ARN)
		return
	}
	if m := out.KeyMetadata; m != nil {
		k.Manager = string(m.KeyManager)
		k.State = string(m.KeyState)
		k.Spec = string(m.KeySpec)
		k.Origin = string(m.Origin)
		k.DeletionDate = m.DeletionDate
	}
	if k.Manager != string(kmstypes.KeyManagerTypeCustomer) {
		return
	}
	reads := []func(){func() { readKMSPolicy(ctx, api, j, k) }}
	if rotatable(k) {
		reads = append(reads, func() { readKMSRotation(ctx, api, j, k) })
	}
	forEach(len(reads), func(i int) { reads[i]() })
}

// rotatable reports whether automatic rotation applies to a customer key:
// symmetric, with key material KMS made, and not on its way out.
func rotatable(k *checks.KMSKey) bool {
	return k.Spec == string(kmstypes.KeySpecSymmetricDefault) &&
		k.Origin == string(kmstypes.OriginTypeAwsKms) &&
		k.State != string(kmstypes.KeyStatePendingDeletion) &&
		k.State != string(kmstypes.KeyStatePendingReplicaDeletion)
}

func readKMSRotation(ctx context.Context, api kmsAPI, j *job, k *checks.KMSKey) {
	out, err := api.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(k.ID)})
	if err != nil {
		j.fail(err, k.ARN)
		return
	}
	k.RotationEnabled = aws.Bool(out.KeyRotationEnabled)
}

func readKMSPolicy(ctx context.Context, api kmsAPI, j *job, k *checks.KMSKey) {
	out, err := api.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String(k.ID), PolicyName: aws.String("default")})
	if err != nil {
		j.fail(err, k.ARN)
		return
	}
	k.Policy = aws.ToString(out.Policy)
}
