package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/warroom/warroom/review"
)

// CreateWorkload adds a workload. Names are unique, ignoring case.
func (db *DB) CreateWorkload(ctx context.Context, w review.Workload) (review.Workload, error) {
	w.Name = strings.TrimSpace(w.Name)
	if w.Name == "" {
		return w, fmt.Errorf("create workload: name is empty")
	}
	if _, err := db.Workload(ctx, w.Name); err == nil {
		return w, fmt.Errorf("create workload %s: a workload with that name already exists", w.Name)
	} else if !errors.Is(err, ErrNotFound) {
		return w, err
	}
	w.CreatedAt = db.Now().UTC()
	res, err := db.sql.ExecContext(ctx,
		`INSERT INTO workloads (name, owner, environment, description, created_at) VALUES (?, ?, ?, ?, ?)`,
		w.Name, w.Owner, w.Environment, w.Description, stamp(w.CreatedAt))
	if err != nil {
		return w, fmt.Errorf("create workload %s: %w", w.Name, err)
	}
	w.ID, _ = res.LastInsertId()
	return w, nil
}

// Workload returns the workload with the given name (case-insensitive).
func (db *DB) Workload(ctx context.Context, name string) (review.Workload, error) {
	row := db.sql.QueryRowContext(ctx,
		`SELECT id, name, owner, environment, description, created_at FROM workloads WHERE name = ?`, strings.TrimSpace(name))
	w, err := scanWorkload(row)
	if errors.Is(err, sql.ErrNoRows) {
		return w, fmt.Errorf("workload %q: %w", name, ErrNotFound)
	}
	if err != nil {
		return w, fmt.Errorf("read workload %q: %w", name, err)
	}
	return w, nil
}

// Workloads lists all workloads by name.
func (db *DB) Workloads(ctx context.Context) ([]review.Workload, error) {
	rows, err := db.sql.QueryContext(ctx,
		`SELECT id, name, owner, environment, description, created_at FROM workloads ORDER BY name COLLATE NOCASE`)
	if err != nil {
		return nil, fmt.Errorf("list workloads: %w", err)
	}
	defer rows.Close()
	var ws []review.Workload
	for rows.Next() {
		w, err := scanWorkload(rows)
		if err != nil {
			return nil, fmt.Errorf("list workloads: %w", err)
		}
		ws = append(ws, w)
	}
	return ws, rows.Err()
}

type scanner interface{ Scan(...any) error }

func scanWorkload(s scanner) (review.Workload, error) {
	var w review.Workload
	var created string
	if err := s.Scan(&w.ID, &w.Name, &w.Owner, &w.Environment, &w.Description, &created); err != nil {
		return w, err
	}
	t, err := parseStamp(created)
	if err != nil {
		return w, fmt.Errorf("workload %s: bad created_at %q: %w", w.Name, created, err)
	}
	w.CreatedAt = t
	return w, nil
}
