-- Vigil's schema on SQLite. postgres/migrations/00001_init.sql is the same logical schema in PostgreSQL's
-- dialect; change both together.
--
-- Times are TEXT in one fixed-width UTC layout (2006-01-02T15:04:05.000000Z) so that comparing strings compares
-- times. JSON columns are TEXT checked by json_valid. Every row about a subject carries subject_id and a time,
-- so that retention and erasure select it without a schema change. Integer keys are AUTOINCREMENT so that an ID
-- is never reused: the audit log and links name findings, cases and tokens by ID after they are erased.

-- +goose Up
CREATE TABLE subjects (
	id         TEXT PRIMARY KEY,
	kind       TEXT NOT NULL,
	name       TEXT NOT NULL,
	name_fold  TEXT NOT NULL, -- name case-folded, for case-insensitive search
	birth_date TEXT NOT NULL DEFAULT '',
	document   TEXT NOT NULL CHECK (json_valid(document)),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	screened_at TEXT -- the as-of time of the last screening
);
CREATE INDEX subjects_updated_at ON subjects (updated_at);

CREATE TABLE subject_identifiers (
	subject_id TEXT NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
	kind       TEXT NOT NULL,
	value      TEXT NOT NULL,
	field      TEXT NOT NULL,
	use        TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	PRIMARY KEY (subject_id, kind, value)
);
-- FindLinks walks it in subject order and counts the holders of a value on it alone.
CREATE INDEX subject_identifiers_kind_value ON subject_identifiers (kind, value, subject_id);

CREATE TABLE list_versions (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	list        TEXT NOT NULL,
	version     TEXT NOT NULL,
	as_of       TEXT,
	sha256      TEXT NOT NULL,
	files       TEXT NOT NULL CHECK (json_valid(files)),
	entries     INTEGER NOT NULL,
	warnings    TEXT NOT NULL CHECK (json_valid(warnings)),
	active      INTEGER NOT NULL CHECK (active IN (0, 1)),
	imported_at TEXT NOT NULL
);
-- At most one active version per list.
CREATE UNIQUE INDEX list_versions_active ON list_versions (list) WHERE active = 1;

CREATE TABLE list_entries (
	version_id INTEGER NOT NULL REFERENCES list_versions (id) ON DELETE CASCADE,
	list       TEXT NOT NULL,
	entry_id   TEXT NOT NULL,
	kind       TEXT NOT NULL,
	name       TEXT NOT NULL,
	document   TEXT NOT NULL CHECK (json_valid(document)),
	UNIQUE (version_id, entry_id)
);
CREATE INDEX list_entries_list_entry ON list_entries (list, entry_id);

CREATE TABLE indicators (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	version_id INTEGER NOT NULL REFERENCES list_versions (id) ON DELETE CASCADE,
	list       TEXT NOT NULL,
	entry_id   TEXT NOT NULL,
	kind       TEXT NOT NULL,
	value      TEXT NOT NULL,
	raw        TEXT NOT NULL,
	type       TEXT NOT NULL
);
CREATE INDEX indicators_kind_value ON indicators (kind, value);
CREATE INDEX indicators_version ON indicators (version_id);
CREATE INDEX indicators_list ON indicators (list);

CREATE TABLE findings (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	subject_id TEXT NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
	"check"    TEXT NOT NULL,
	key        TEXT NOT NULL,
	severity   TEXT NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
	score      INTEGER NOT NULL,
	summary    TEXT NOT NULL,
	evidence   TEXT NOT NULL CHECK (json_valid(evidence)),
	list       TEXT NOT NULL DEFAULT '',
	entry_id   TEXT NOT NULL DEFAULT '',
	status     TEXT NOT NULL CHECK (status IN ('open', 'cleared', 'delisted', 'dismissed')),
	first_seen TEXT NOT NULL,
	last_seen  TEXT NOT NULL,
	count      INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (subject_id, key)
);
CREATE INDEX findings_last_seen ON findings (last_seen);
CREATE INDEX findings_list_entry ON findings (list, entry_id) WHERE list <> '';

-- finding_mentions records the other subjects a finding names (a shared bank account names who else holds it),
-- so that erasing a subject also erases what other subjects' findings say about it.
CREATE TABLE finding_mentions (
	finding_id           INTEGER NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
	subject_id           TEXT NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
	mentioned_subject_id TEXT NOT NULL,
	created_at           TEXT NOT NULL,
	PRIMARY KEY (finding_id, mentioned_subject_id)
);
CREATE INDEX finding_mentions_mentioned ON finding_mentions (mentioned_subject_id);

CREATE TABLE cases (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	subject_id    TEXT NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
	status        TEXT NOT NULL CHECK (status IN ('open', 'in_review', 'closed')),
	assignee      TEXT NOT NULL DEFAULT '',
	score         INTEGER NOT NULL,
	band          TEXT NOT NULL CHECK (band IN ('low', 'medium', 'high', 'critical')),
	reason        TEXT NOT NULL,
	decision      TEXT NOT NULL DEFAULT '',
	rationale     TEXT NOT NULL DEFAULT '',
	decided_by    TEXT NOT NULL DEFAULT '',
	decided_at    TEXT,
	-- The keys of the subject's open findings when a reviewer cleared or confirmed the case (a JSON array,
	-- sorted): a later screening opens a new case only for a finding that is not among them.
	reviewed_keys TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reviewed_keys)),
	opened_at     TEXT NOT NULL,
	updated_at    TEXT NOT NULL
);
-- At most one open or in-review case per subject: screening updates it instead of opening another.
CREATE UNIQUE INDEX cases_active_subject ON cases (subject_id) WHERE status IN ('open', 'in_review');
CREATE INDEX cases_opened_at ON cases (opened_at);
-- A subject's cases, the last decided first: what a new screening is held against; and erasure.
CREATE INDEX cases_subject ON cases (subject_id, decided_at);

CREATE TABLE case_notes (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	subject_id TEXT NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
	author     TEXT NOT NULL,
	text       TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX case_notes_case ON case_notes (case_id);
CREATE INDEX case_notes_subject ON case_notes (subject_id);

CREATE TABLE match_decisions (
	id                  INTEGER PRIMARY KEY AUTOINCREMENT,
	subject_id          TEXT NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
	list                TEXT NOT NULL,
	entry_id            TEXT NOT NULL,
	outcome             TEXT NOT NULL CHECK (outcome IN ('not_this_person', 'same_person')),
	rationale           TEXT NOT NULL,
	decided_by          TEXT NOT NULL,
	decided_at          TEXT NOT NULL,
	subject_fingerprint TEXT NOT NULL,
	entry_fingerprint   TEXT NOT NULL
);
CREATE INDEX match_decisions_subject ON match_decisions (subject_id, decided_at);

CREATE TABLE tokens (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	name       TEXT NOT NULL,
	prefix     TEXT NOT NULL,
	hash       TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	revoked_at TEXT
);
CREATE INDEX tokens_name ON tokens (name);

-- subject_id has no foreign key: the log outlives an erased subject (DeleteSubject blanks the detail of its
-- events and records the erasure).
CREATE TABLE audit_events (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	at         TEXT NOT NULL,
	actor      TEXT NOT NULL,
	action     TEXT NOT NULL,
	subject_id TEXT NOT NULL DEFAULT '',
	target     TEXT NOT NULL DEFAULT '',
	detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_subject ON audit_events (subject_id) WHERE subject_id <> '';
CREATE INDEX audit_events_at ON audit_events (at);

-- +goose Down
DROP TABLE audit_events;
DROP TABLE tokens;
DROP TABLE match_decisions;
DROP TABLE case_notes;
DROP TABLE cases;
DROP TABLE finding_mentions;
DROP TABLE findings;
DROP TABLE indicators;
DROP TABLE list_entries;
DROP TABLE list_versions;
DROP TABLE subject_identifiers;
DROP TABLE subjects;
