package awstest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/aws/smithy-go/encoding/cbor"
)

// tokenNames are the request fields that carry a pagination token, in the
// order they are looked for.
var tokenNames = []string{
	"NextToken", "nextToken", "Marker", "marker", "ContinuationToken", "continuation-token",
	"ExclusiveStartTableName", "PaginationToken", "NextMarker", "StartingToken",
}

// parse works out who sent a request, to which service, and which operation
// with which parameters.
func parse(hr *http.Request, body []byte) (*Request, error) {
	q := &Request{Invocation: hr.Header.Get("Amz-Sdk-Invocation-Id"), At: time.Now()}
	if q.Invocation == "" {
		q.Invocation = requestID()
	}
	m := scopeRE.FindStringSubmatch(hr.Header.Get("Authorization"))
	if m == nil {
		return nil, fmt.Errorf("awstest: request without a SigV4 credential scope: %s %s", hr.Method, hr.URL)
	}
	q.Region, q.Service = m[2], m[3]
	if k := m[1]; len(k) >= 16 {
		q.Account = k[4:16]
	}
	ct := hr.Header.Get("Content-Type")
	switch {
	case hr.Header.Get("Smithy-Protocol") == "rpc-v2-cbor":
		q.Protocol = ProtoCBOR
		if i := strings.LastIndex(hr.URL.Path, "/operation/"); i >= 0 {
			q.Operation = hr.URL.Path[i+len("/operation/"):]
		}
		params := map[string]any{}
		if len(body) > 0 {
			v, err := cbor.Decode(body)
			if err != nil {
				return nil, fmt.Errorf("awstest: cbor body: %w", err)
			}
			if mv, ok := fromCBOR(v).(map[string]any); ok {
				params = mv
			}
		}
		q.Params, q.Token = canonical(params)
	case hr.Header.Get("X-Amz-Target") != "":
		q.Protocol = ProtoJSON
		t := hr.Header.Get("X-Amz-Target")
		q.Operation = t[strings.LastIndexByte(t, '.')+1:]
		params := map[string]any{}
		if len(body) > 0 {
			if err := json.Unmarshal(body, &params); err != nil {
				return nil, fmt.Errorf("awstest: json body: %w", err)
			}
		}
		q.Params, q.Token = canonical(params)
	case strings.HasPrefix(ct, "application/x-www-form-urlencoded") && hr.Method == http.MethodPost:
		q.Protocol = ProtoQuery
		if q.Service == "ec2" {
			q.Protocol = ProtoEC2
		}
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, fmt.Errorf("awstest: form body: %w", err)
		}
		q.Operation = form.Get("Action")
		form.Del("Action")
		form.Del("Version")
		for _, n := range tokenNames {
			if v := form.Get(n); v != "" {
				q.Token = v
				break
			}
		}
		q.Params = form.Encode()
	default:
		q.Protocol = ProtoRESTJSON
		if q.Service == "s3" {
			q.Protocol = ProtoRESTXML
			if hr.Header.Get("X-Amz-Account-Id") != "" || strings.HasPrefix(hr.URL.Path, "/v20180820/") {
				q.Service = "s3control"
			}
		}
		q.Operation = route(q.Service, hr.Method, hr.URL)
		query := hr.URL.Query()
		for _, n := range tokenNames {
			if v := query.Get(n); v != "" {
				q.Token = v
				break
			}
		}
		if q.Token == "" && len(body) > 0 && q.Protocol == ProtoRESTJSON {
			var params map[string]any
			if json.Unmarshal(body, &params) == nil {
				_, q.Token = canonical(params)
			}
		}
		q.Params = hr.Method + " " + hr.Host + hr.URL.EscapedPath() + "?" + query.Encode() + " " + string(body)
	}
	return q, nil
}

// canonical renders decoded parameters with sorted keys and finds the
// pagination token among them.
func canonical(params map[string]any) (string, string) {
	b, _ := json.Marshal(params) // map keys are sorted
	token := ""
	for _, n := range tokenNames {
		if v, ok := params[n].(string); ok && v != "" {
			token = v
			break
		}
	}
	return string(b), token
}

// restRoute is one REST operation: signing service, HTTP method, URI pattern
// (path with {labels} and required query keys) and operation name.
type restRoute struct {
	Service, Method, URI, Operation string
}

// route names the REST operation a request is for, or "METHOD path" when the
// route table does not know it.
func route(service, method string, u *url.URL) string {
	path := u.Path
	segs := split(path)
	best, bestScore := "", -1
	for _, r := range restRoutes {
		if r.Service != service || r.Method != method {
			continue
		}
		p, rq, _ := strings.Cut(r.URI, "?")
		if !queryMatch(rq, u.Query()) {
			continue
		}
		ps := split(p)
		cands := [][]string{segs}
		if service == "s3" && len(segs) > 0 {
			cands = append(cands, segs[1:]) // path-style: the first segment is the bucket
		}
		for _, c := range cands {
			if sc, ok := pathMatch(ps, c); ok {
				sc += 10 * len(strings.Split(rq, "&")) * btoi(rq != "")
				if sc > bestScore {
					best, bestScore = r.Operation, sc
				}
			}
		}
	}
	if best == "" {
		return method + " " + path
	}
	return best
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func split(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

func queryMatch(required string, q url.Values) bool {
	if required == "" {
		return true
	}
	for _, kv := range strings.Split(required, "&") {
		k, v, hasV := strings.Cut(kv, "=")
		got, ok := q[k]
		if !ok {
			return false
		}
		if hasV && (len(got) == 0 || got[0] != v) {
			return false
		}
	}
	return true
}

// pathMatch matches path segments against a pattern and scores literal
// segments higher than labels.
func pathMatch(pattern, segs []string) (int, bool) {
	score := 0
	for i, p := range pattern {
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "+}") {
			return score, len(segs) > i
		}
		if i >= len(segs) {
			return 0, false
		}
		if strings.HasPrefix(p, "{") {
			score++
			continue
		}
		if p != segs[i] {
			return 0, false
		}
		score += 3
	}
	return score, len(pattern) == len(segs)
}

// fromCBOR turns a decoded CBOR value into plain Go values (maps, slices,
// strings, numbers, bools).
func fromCBOR(v cbor.Value) any {
	switch t := v.(type) {
	case cbor.Map:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[k] = fromCBOR(e)
		}
		return m
	case cbor.List:
		l := make([]any, len(t))
		for i, e := range t {
			l[i] = fromCBOR(e)
		}
		return l
	case cbor.String:
		return string(t)
	case cbor.Uint:
		return uint64(t)
	case cbor.NegInt:
		return -int64(t)
	case cbor.Bool:
		return bool(t)
	case cbor.Float32:
		return float64(t)
	case cbor.Float64:
		return float64(t)
	case cbor.Slice:
		return []byte(t)
	case *cbor.Tag:
		return fromCBOR(t.Value)
	}
	return nil
}

// jsonToCBOR converts a canned JSON document into CBOR. Numbers become
// integers when they are whole, floats otherwise; timestamps, which CBOR
// carries as tag 1, can be written as {"$epoch": seconds}.
func jsonToCBOR(b []byte) ([]byte, error) {
	if len(b) == 0 {
		return nil, nil
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("awstest: json to cbor: %w", err)
	}
	return cbor.Encode(toCBOR(v)), nil
}

func toCBOR(v any) cbor.Value {
	switch t := v.(type) {
	case map[string]any:
		if e, ok := t["$epoch"]; ok && len(t) == 1 {
			return &cbor.Tag{ID: 1, Value: toCBOR(e)}
		}
		m := cbor.Map{}
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			m[k] = toCBOR(t[k])
		}
		return m
	case []any:
		l := make(cbor.List, len(t))
		for i, e := range t {
			l[i] = toCBOR(e)
		}
		return l
	case string:
		return cbor.String(t)
	case bool:
		return cbor.Bool(t)
	case json.Number:
		if i, err := t.Int64(); err == nil {
			if i < 0 {
				return cbor.NegInt(uint64(-i))
			}
			return cbor.Uint(uint64(i))
		}
		f, _ := t.Float64()
		return cbor.Float64(f)
	}
	return &cbor.Nil{}
}
