package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/warroom/warroom/scenarios"
)

// sessionJSON is one row of `scenario sessions -o json`.
type sessionJSON struct {
	ID              string                    `json:"id"`
	Scenario        string                    `json:"scenario"`
	ScenarioVersion int                       `json:"scenario_version"`
	ScenarioDigest  string                    `json:"scenario_digest"` // SHA-256 of the scenario file played
	Facilitator     string                    `json:"facilitator"`
	Participants    []scenarios.Participant   `json:"participants"`
	Mode            string                    `json:"mode"`
	EvidenceRun     string                    `json:"evidence_run,omitempty"`
	StartedAt       string                    `json:"started_at"`
	RecordedAt      string                    `json:"recorded_at"` // when the session was stored
	State           string                    `json:"state"`
	Injects         int                       `json:"injects"`
	Claims          map[scenarios.Verdict]int `json:"claims"`
	Gaps            int                       `json:"gaps"`
	Actions         int                       `json:"actions"`
}

func newCmdScenarioSessions(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "sessions",
		Short: "List the workload's tabletop sessions",
		Long: `Lists the workload's sessions, oldest first: id, scenario, start, state (open,
paused or ended), injects played, claims by verdict (verified/contradicted/
unknown), gaps and action items. With -o json it prints
{"version":1,"sessions":[…]}, each with the scenario version and digest
played and when the session was recorded.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ws, err := f.openWorkspace(ctx)
			if err != nil {
				return err
			}
			defer ws.db.Close()
			sessions, err := ws.db.Sessions(ctx, ws.w.ID)
			if err != nil {
				return err
			}
			rows := []sessionJSON{}
			for i := range sessions {
				s := &sessions[i]
				claims := map[scenarios.Verdict]int{scenarios.Verified: 0, scenarios.Contradicted: 0, scenarios.Unknown: 0,
					scenarios.Conceded: 0, scenarios.NotCheckable: 0}
				for v, n := range claimCounts(s) {
					claims[v] += n
				}
				ps := s.Participants
				if ps == nil {
					ps = []scenarios.Participant{}
				}
				rows = append(rows, sessionJSON{
					ID: s.ID, Scenario: s.ScenarioID, ScenarioVersion: s.ScenarioVersion, ScenarioDigest: s.ScenarioDigest,
					Facilitator: s.Facilitator, Participants: ps, Mode: s.Mode, EvidenceRun: s.EvidenceRun,
					StartedAt: s.StartedAt.UTC().Format("2006-01-02T15:04:05Z"), RecordedAt: s.RecordedAt.UTC().Format("2006-01-02T15:04:05Z"),
					State: sessionState(s), Injects: countKind(s, scenarios.KindInject), Claims: claims,
					Gaps: countKind(s, scenarios.KindGap), Actions: countKind(s, scenarios.KindAction),
				})
			}
			if f.jsonOutput() {
				return printJSON(f.IO.Out, map[string]any{"version": 1, "sessions": rows})
			}
			if len(rows) == 0 {
				fmt.Fprintf(f.IO.Out, "No tabletop sessions for workload %s yet. Start one with: warroom scenario run ID --facilitator NAME --participants name:role,...\n",
					oneLine(ws.w.Name))
				return nil
			}
			t := newTable(f.IO.Out)
			fmt.Fprintln(t, "ID\tSCENARIO\tSTARTED\tSTATE\tINJECTS\tCLAIMS (V/C/U)\tGAPS\tACTIONS")
			for i, r := range rows {
				fmt.Fprintf(t, "%s\t%s\t%s\t%s\t%d\t%d/%d/%d\t%d\t%d\n", oneLine(r.ID), oneLine(r.Scenario),
					sessions[i].StartedAt.UTC().Format("2006-01-02 15:04"), r.State, r.Injects,
					r.Claims[scenarios.Verified], r.Claims[scenarios.Contradicted], r.Claims[scenarios.Unknown], r.Gaps, r.Actions)
			}
			return t.Flush()
		},
	}
}
