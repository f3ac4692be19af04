// Package awstest runs a fake AWS endpoint on httptest for tests, in the way
// net/http/httptest runs a fake HTTP server. It answers the real
// aws-sdk-go-v2 clients in their own wire protocols (AWS query and EC2 query,
// REST-XML, awsJson 1.0/1.1, REST-JSON and Smithy RPC v2 CBOR) with canned
// responses read from a directory, and it can throttle, deny, slow down and
// count calls.
//
// A request is attributed to an account, a region and a service from its
// SigV4 signature: the region and service come from the credential scope and
// the account from the access key id, which tests build with AccessKey
// ("AKIA" + 12-digit account + "TEST"). The fake STS AssumeRole answers with
// credentials that encode the role's account the same way, so calls made with
// assumed credentials are attributed to the target account.
//
// Canned responses live at dir/<service>/<Operation>.<ext>, where service is
// the signing name in the credential scope ("iam", "ec2", "monitoring", "sso",
// "access-analyzer", …; "s3control" for S3 Control) and ext is "xml" for the
// query and REST-XML protocols and "json" for the JSON protocols and for
// CBOR, which is converted on the fly. Overrides for one account or region are
// looked up first: dir/<account>/<region>/<service>/, dir/<account>/<service>/
// and dir/<region>/<service>/. A request carrying a pagination token T
// (NextToken, Marker, …) is answered from <Operation>.<T>.<ext>. The text
// {{account}} and {{region}} in a canned file is replaced by the request's
// account and region. An operation without a canned file gets a valid empty
// response for its protocol.
package awstest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Protocols the fake speaks.
const (
	ProtoQuery    = "query"
	ProtoEC2      = "ec2query"
	ProtoRESTXML  = "rest-xml"
	ProtoJSON     = "json"
	ProtoRESTJSON = "rest-json"
	ProtoCBOR     = "rpc-v2-cbor"
)

// AccessKey returns the static test access key id that the fake attributes to
// account (a 12-digit id).
func AccessKey(account string) string { return "AKIA" + account + "TEST" }

// SecretKey is the secret that goes with every AccessKey; the fake does not
// verify signatures.
const SecretKey = "awstest-secret"

// Request is one request as the fake understood it.
type Request struct {
	Account   string
	Region    string
	Service   string // signing name, or "s3control"
	Operation string
	Protocol  string
	Params    string // canonical parameters: what makes two calls the same call
	Token     string // pagination token, "" for a first page
	// Invocation is the SDK's invocation id; retries of one call share it.
	Invocation string
	// At is when the request arrived.
	At time.Time
}

// Rule selects requests; an empty field matches anything. ParamsContain
// matches a substring of the request's canonical parameters.
type Rule struct {
	Account       string
	Region        string
	Service       string
	Operation     string
	ParamsContain string
}

func (r Rule) match(q *Request) bool {
	return (r.Account == "" || r.Account == q.Account) &&
		(r.Region == "" || r.Region == q.Region) &&
		(r.Service == "" || r.Service == q.Service) &&
		(r.Operation == "" || r.Operation == q.Operation) &&
		(r.ParamsContain == "" || strings.Contains(q.Params, r.ParamsContain))
}

type slow struct {
	rule Rule
	d    time.Duration
}

type throttle struct {
	rule Rule
	left int
}

// Server is a fake AWS endpoint. Its methods are safe for concurrent use.
type Server struct {
	// URL is the base endpoint to give the SDK (aws.Config.BaseEndpoint).
	URL string
	srv *httptest.Server
	dir string

	mu        sync.Mutex
	latency   time.Duration
	slow      []slow
	inFlight  int
	maxFlight int
	denies    []Rule
	throttles []*throttle
	seen      map[string]string // call key → first invocation id
	calls     int               // distinct invocations
	attempts  int               // every request, retries included
	dups      int
	byOp      map[string]int // service/Operation → invocations
	log       []Request
	invs      map[string]bool
}

// NewServer starts a fake AWS endpoint serving canned responses from dir (""
// for none) and closes it when the test ends.
func NewServer(t testing.TB, dir string) *Server {
	t.Helper()
	s := &Server{dir: dir, seen: map[string]string{}, byOp: map[string]int{}, invs: map[string]bool{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

// Client returns an HTTP client that sends every request to the fake,
// whatever host name the SDK built (S3 Control puts the account id in front
// of the endpoint's host, S3 may put the bucket there).
func (s *Server) Client() *http.Client {
	addr := s.srv.Listener.Addr().String()
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
		MaxIdleConnsPerHost: 256,
		IdleConnTimeout:     30 * time.Second,
	}
	return &http.Client{Transport: tr}
}

// SetLatency makes every answer wait d first.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// Slow makes answers to matching requests wait d (instead of the latency
// SetLatency sets).
func (s *Server) Slow(r Rule, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slow = append(s.slow, slow{rule: r, d: d})
}

// MaxInFlight returns the most requests the fake was answering at once.
func (s *Server) MaxInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxFlight
}

// Deny answers AccessDenied (in the protocol's own code) to matching requests.
func (s *Server) Deny(r Rule) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.denies = append(s.denies, r)
}

// DenyRegion denies every request to region, as an SCP denying it would.
func (s *Server) DenyRegion(region string) { s.Deny(Rule{Region: region}) }

// Throttle answers a throttling error to the first n matching requests.
func (s *Server) Throttle(r Rule, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.throttles = append(s.throttles, &throttle{rule: r, left: n})
}

// Calls returns how many distinct calls the fake received (retries of one
// call count once).
func (s *Server) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// Attempts returns how many requests the fake received, retries included.
func (s *Server) Attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts
}

// Duplicates returns how many calls repeated an earlier call's account,
// region, service, operation and parameters.
func (s *Server) Duplicates() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dups
}

// Count returns how many calls of service's operation the fake received.
func (s *Server) Count(service, operation string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.byOp[service+"/"+operation]
}

// Requests returns every request received so far (retries included), in
// arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// DuplicateKeys lists the calls made more than once, for test failure messages.
func (s *Server) DuplicateKeys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := map[string]map[string]bool{}
	for _, q := range s.log {
		k := key(&q)
		if n[k] == nil {
			n[k] = map[string]bool{}
		}
		n[k][q.Invocation] = true
	}
	var out []string
	for k, invs := range n {
		if len(invs) > 1 {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func key(q *Request) string {
	return q.Account + "|" + q.Region + "|" + q.Service + "|" + q.Operation + "|" + q.Params
}

var scopeRE = regexp.MustCompile(`Credential=([^/,\s]+)/\d{8}/([^/]+)/([^/]+)/aws4_request`)

func (s *Server) serve(w http.ResponseWriter, hr *http.Request) {
	body, err := io.ReadAll(hr.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	q, err := parse(hr, body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}

	s.mu.Lock()
	s.attempts++
	s.log = append(s.log, *q)
	if q.Invocation == "" || !s.invs[q.Invocation] {
		s.invs[q.Invocation] = true
		s.calls++
		s.byOp[q.Service+"/"+q.Operation]++
		k := key(q)
		if _, ok := s.seen[k]; ok {
			s.dups++
		} else {
			s.seen[k] = q.Invocation
		}
	}
	latency := s.latency
	for _, sl := range s.slow {
		if sl.rule.match(q) {
			latency = sl.d
			break
		}
	}
	s.inFlight++
	s.maxFlight = max(s.maxFlight, s.inFlight)
	denied := false
	for _, r := range s.denies {
		if r.match(q) {
			denied = true
			break
		}
	}
	throttled := false
	for _, t := range s.throttles {
		if t.left > 0 && t.rule.match(q) {
			t.left--
			throttled = true
			break
		}
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()

	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-hr.Context().Done():
			return
		}
	}
	switch {
	case throttled:
		code, status := "ThrottlingException", http.StatusBadRequest
		switch q.Protocol {
		case ProtoQuery:
			code = "Throttling"
		case ProtoEC2:
			code = "RequestLimitExceeded"
		case ProtoRESTXML:
			code, status = "SlowDown", http.StatusServiceUnavailable
		}
		writeError(w, q, status, code, "Rate exceeded")
		return
	case denied:
		code := "AccessDeniedException"
		switch q.Protocol {
		case ProtoQuery, ProtoRESTXML:
			code = "AccessDenied"
		case ProtoEC2:
			code = "UnauthorizedOperation"
		}
		writeError(w, q, http.StatusForbidden, code, fmt.Sprintf("User: arn:aws:iam::%s:user/test is not authorized to perform: %s", q.Account, q.Operation))
		return
	}
	if q.Service == "sts" {
		if s.sts(w, q, body) {
			return
		}
	}
	data, ok := s.canned(q)
	if !ok {
		data = empty(q)
	}
	writeOK(w, q, data)
}

// sts answers the STS operations whose answers depend on the caller when no
// canned file overrides them.
func (s *Server) sts(w http.ResponseWriter, q *Request, body []byte) bool {
	if _, ok := s.canned(q); ok {
		return false
	}
	switch q.Operation {
	case "GetCallerIdentity":
		writeOK(w, q, []byte(fmt.Sprintf(`<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>`+
			`<Arn>arn:aws:iam::%[1]s:user/awstest</Arn><UserId>AIDAAWSTEST%[1]s</UserId><Account>%[1]s</Account>`+
			`</GetCallerIdentityResult><ResponseMetadata><RequestId>%[2]s</RequestId></ResponseMetadata></GetCallerIdentityResponse>`, q.Account, requestID())))
		return true
	case "AssumeRole":
		form, _ := url.ParseQuery(string(body))
		role := form.Get("RoleArn")
		parts := strings.Split(role, ":")
		if len(parts) < 5 || len(parts[4]) != 12 {
			writeError(w, q, http.StatusBadRequest, "ValidationError", "bad RoleArn "+role)
			return true
		}
		acct := parts[4]
		exp := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
		writeOK(w, q, []byte(fmt.Sprintf(`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>`+
			`<Credentials><AccessKeyId>%[1]s</AccessKeyId><SecretAccessKey>%[2]s</SecretAccessKey><SessionToken>token-%[3]s</SessionToken><Expiration>%[4]s</Expiration></Credentials>`+
			`<AssumedRoleUser><Arn>arn:aws:sts::%[3]s:assumed-role/%[5]s/awstest</Arn><AssumedRoleId>AROAAWSTEST:awstest</AssumedRoleId></AssumedRoleUser>`+
			`</AssumeRoleResult><ResponseMetadata><RequestId>%[6]s</RequestId></ResponseMetadata></AssumeRoleResponse>`,
			"ASIA"+acct+"TEST", SecretKey, acct, exp, lastSegment(role), requestID())))
		return true
	}
	return false
}

func lastSegment(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// canned finds the canned response for q, most specific first.
func (s *Server) canned(q *Request) ([]byte, bool) {
	if s.dir == "" {
		return nil, false
	}
	ext := ".json"
	switch q.Protocol {
	case ProtoQuery, ProtoEC2, ProtoRESTXML:
		ext = ".xml"
	}
	name := q.Operation
	if q.Token != "" {
		name += "." + safeToken(q.Token)
	}
	for _, d := range []string{
		filepath.Join(q.Account, q.Region, q.Service),
		filepath.Join(q.Account, q.Service),
		filepath.Join(q.Region, q.Service),
		q.Service,
	} {
		b, err := os.ReadFile(filepath.Join(s.dir, d, name+ext))
		if err == nil {
			return []byte(strings.NewReplacer("{{account}}", q.Account, "{{region}}", q.Region).Replace(string(b))), true
		}
	}
	return nil, false
}

var unsafeRE = regexp.MustCompile(`[^A-Za-z0-9_-]`)

func safeToken(t string) string { return unsafeRE.ReplaceAllString(t, "_") }

func requestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// empty is a valid response with no data for q's protocol.
func empty(q *Request) []byte {
	switch q.Protocol {
	case ProtoQuery:
		return []byte(fmt.Sprintf(`<%[1]sResponse><%[1]sResult></%[1]sResult><ResponseMetadata><RequestId>%[2]s</RequestId></ResponseMetadata></%[1]sResponse>`, q.Operation, requestID()))
	case ProtoEC2:
		return []byte(fmt.Sprintf(`<%[1]sResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>%[2]s</requestId></%[1]sResponse>`, q.Operation, requestID()))
	case ProtoRESTXML:
		if q.Operation == "ListBuckets" {
			return []byte(`<ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>`)
		}
		return nil
	}
	return []byte(`{}`)
}

func writeOK(w http.ResponseWriter, q *Request, data []byte) {
	h := w.Header()
	h.Set("X-Amzn-RequestId", requestID())
	switch q.Protocol {
	case ProtoQuery, ProtoEC2, ProtoRESTXML:
		h.Set("Content-Type", "text/xml")
	case ProtoJSON:
		h.Set("Content-Type", "application/x-amz-json-1.1")
		h.Set("X-Amz-Crc32", strconv.FormatUint(uint64(crc32.ChecksumIEEE(data)), 10)) // DynamoDB checks it
	case ProtoRESTJSON:
		h.Set("Content-Type", "application/json")
	case ProtoCBOR:
		h.Set("Content-Type", "application/cbor")
		h.Set("Smithy-Protocol", "rpc-v2-cbor")
		var err error
		if data, err = jsonToCBOR(data); err != nil {
			writeError(w, q, http.StatusInternalServerError, "InternalFailure", "canned response: "+err.Error())
			return
		}
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
}

func writeError(w http.ResponseWriter, q *Request, status int, code, msg string) {
	h := w.Header()
	id := requestID()
	h.Set("X-Amzn-RequestId", id)
	var b []byte
	switch q.Protocol {
	case ProtoQuery:
		h.Set("Content-Type", "text/xml")
		b = []byte(fmt.Sprintf(`<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>%s</RequestId></ErrorResponse>`, code, xmlEscape(msg), id))
	case ProtoEC2:
		h.Set("Content-Type", "text/xml")
		b = []byte(fmt.Sprintf(`<Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>%s</RequestID></Response>`, code, xmlEscape(msg), id))
	case ProtoRESTXML:
		h.Set("Content-Type", "application/xml")
		inner := fmt.Sprintf(`<Error><Code>%s</Code><Message>%s</Message><RequestId>%s</RequestId></Error>`, code, xmlEscape(msg), id)
		if q.Service == "s3control" {
			inner = "<ErrorResponse>" + inner + "</ErrorResponse>"
		}
		b = []byte(inner)
	case ProtoCBOR:
		h.Set("Content-Type", "application/cbor")
		h.Set("Smithy-Protocol", "rpc-v2-cbor")
		j, _ := json.Marshal(map[string]string{"__type": code, "message": msg})
		b, _ = jsonToCBOR(j)
	default:
		h.Set("Content-Type", "application/json")
		h.Set("X-Amzn-ErrorType", code)
		b, _ = json.Marshal(map[string]string{"__type": code, "message": msg})
		h.Set("X-Amz-Crc32", strconv.FormatUint(uint64(crc32.ChecksumIEEE(b)), 10))
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// xmlEscape escapes s for the text of an XML element.
func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails
	return b.String()
}
