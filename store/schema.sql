-- perfjudge store, schema version 1. Applied by store/migrations.cpp; PRAGMA user_version holds
-- the version. Times are UTC ISO-8601 text; durations are integer nanoseconds unless named.
-- A later version adds a migration; it never edits this one.

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  run_key TEXT NOT NULL,            -- hash of what makes "the same command": resume finds it
  status TEXT NOT NULL,             -- running | complete | interrupted
  started_at TEXT NOT NULL,
  finished_at TEXT,
  command_line TEXT NOT NULL,       -- JSON array of argv
  perfjudge_version TEXT NOT NULL,
  git_hash TEXT NOT NULL,
  host_json TEXT NOT NULL,          -- {cpu_model, kernel, cores, counter_backend, governor}
  settings_json TEXT NOT NULL       -- every setting that affects a score
);
CREATE INDEX runs_by_key ON runs(run_key);

CREATE TABLE tasks (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  task_id TEXT NOT NULL,
  kind TEXT NOT NULL,               -- program | function
  manifest_sha1 TEXT NOT NULL,
  alpha REAL NOT NULL,
  levels_json TEXT NOT NULL,        -- [{"level":L,"hardness":h,"seeds":[...],"args":[...]}]
  PRIMARY KEY (run_id, task_id)
);

CREATE TABLE programs (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  task_id TEXT NOT NULL,
  role TEXT NOT NULL,               -- sample | reference | baseline
  model TEXT NOT NULL,              -- '' for references and baselines
  sample_id TEXT NOT NULL,          -- reference: its name
  ref_level TEXT,                   -- reference: naive | good | expert | ...
  ref_rank INTEGER,                 -- reference: 0 = slowest tier
  language TEXT NOT NULL,
  source_sha1 TEXT NOT NULL,
  source TEXT NOT NULL,
  raw_response TEXT,                -- raw samples: the model's response as given
  sanitize_json TEXT,               -- raw samples: blocks found, block chosen, lines removed
  origin TEXT,                      -- sample file and line, for messages
  UNIQUE (run_id, task_id, role, model, sample_id)
);
CREATE INDEX programs_by_task ON programs(run_id, task_id, role);

-- One row when a program's build and correctness phase are finished.
CREATE TABLE program_results (
  program_id INTEGER PRIMARY KEY REFERENCES programs(id),
  verdict TEXT NOT NULL,            -- OK WA TLE TLE_WALL MLE OLE RE SECURITY CE NO_CODE IE
  passed INTEGER NOT NULL,          -- 1 when every correctness test passed
  failed_test TEXT,
  message TEXT,
  output_excerpt TEXT,              -- first lines of the failing output or diagnostics
  build_json TEXT
);

-- Every measured execution (warm-ups are not stored).
CREATE TABLE executions (
  id INTEGER PRIMARY KEY,
  program_id INTEGER NOT NULL REFERENCES programs(id),
  phase TEXT NOT NULL,              -- test | stress
  test_name TEXT NOT NULL,
  level INTEGER,                    -- stress only
  seed INTEGER,                     -- stress only
  repeat INTEGER NOT NULL,
  verdict TEXT NOT NULL,
  exit_code INTEGER,
  signal INTEGER,
  wall_ns INTEGER NOT NULL,
  cpu_user_ns INTEGER NOT NULL,
  cpu_sys_ns INTEGER NOT NULL,
  max_rss_kib INTEGER NOT NULL,
  mem_time_mib_s REAL NOT NULL,
  stdout_bytes INTEGER NOT NULL,
  message TEXT
);
CREATE INDEX executions_by_program ON executions(program_id, phase, level, seed);

CREATE TABLE counters (
  execution_id INTEGER NOT NULL REFERENCES executions(id),
  name TEXT NOT NULL,
  value REAL NOT NULL,
  backend TEXT NOT NULL,            -- perf | valgrind
  time_enabled_ns INTEGER,
  time_running_ns INTEGER,
  PRIMARY KEY (execution_id, name)
);

-- Per program, stress level and seed: the summary of its measured repeats. Costs are the
-- Hodges-Lehmann estimate over repeats; NULL when not measurable (never 0 for missing).
-- For function tasks, costs are net of the task's baseline program (driver without a call).
CREATE TABLE stress_results (
  program_id INTEGER NOT NULL REFERENCES programs(id),
  level INTEGER NOT NULL,
  seed INTEGER NOT NULL,
  verdict TEXT NOT NULL,
  censored INTEGER NOT NULL,        -- 1 for TLE, TLE_WALL or MLE at this level
  instructions REAL,
  cpu_s REAL,
  wall_s REAL,
  max_rss_kib INTEGER,
  mem_time_mib_s REAL,
  PRIMARY KEY (program_id, level, seed)
);

-- Resume bookkeeping: a unit of work is marked done in the transaction that stores its data.
CREATE TABLE units_done (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  unit TEXT NOT NULL,
  PRIMARY KEY (run_id, unit)
);
