-- Vigil's schema on PostgreSQL. sqlite/migrations/00001_init.sql is the same logical schema in SQLite's dialect;
-- change both together.
--
-- Times are timestamptz (UTC, microseconds). JSON columns are jsonb. Text that identifies or orders rows is
-- COLLATE "C", so that ordering is by code point as in SQLite, whatever the server's locale. Every row about a
-- subject carries subject_id and a time, so that retention and erasure select it without a schema change.
-- Identity keys are never reused: the audit log and links name findings, cases and tokens by ID after they are
-- erased.

-- +goose Up
CREATE TABLE subjects (
	id          text COLLATE "C" PRIMARY KEY,
	kind        text NOT NULL,
	name        text NOT NULL,
	name_fold   text NOT NULL, -- name case-folded, for case-insensitive search
	birth_date  text NOT NULL DEFAULT '',
	document    jsonb NOT NULL,
	created_at  timestamptz NOT NULL,
	updated_at  timestamptz NOT NULL,
	screened_at timestamptz -- the as-of time of the last screening
);
CREATE INDEX subjects_updated_at ON subjects (updated_at);

CREATE TABLE subject_identifiers (
	subject_id text COLLATE "C" NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
	kind       text COLLATE "C" NOT NULL,
	value      text COLLATE "C" NOT NULL,
	field      text NOT NULL,
	use        text NOT NULL DEFAULT '',
	created_at timestamptz NOT NULL,
	PRIMARY KEY (subject_id, kind, value)
);
-- FindLinks walks it in subject order and counts the holders of a value on it alone.
CREATE INDEX subject_identifiers_kind_value ON subject_identifiers (kind, value, subject_id);

CREATE TABLE list_versions (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	list        text COLLATE "C" NOT NULL,
	version     text NOT NULL,
	as_of       timestamptz,
	sha256      text NOT NULL,
	files       jsonb NOT NULL,
	entries     integer NOT NULL,
	warnings    jsonb NOT NULL,
	active      boolean NOT NULL,
	imported_at timestamptz NOT NULL
);
-- At most one active version per list.
CREATE UNIQUE INDEX list_versions_active ON list_versions (list) WHERE active;

CREATE TABLE list_entries (
	version_id bigint NOT NULL REFERENCES list_versions (id) ON DELETE CASCADE,
	list       text COLLATE "C" NOT NULL,
	entry_id   text COLLATE "C" NOT NULL,
	kind       text NOT NULL,
	name       text NOT NULL,
	document   jsonb NOT NULL,
	UNIQUE (version_id, entry_id)
);
CREATE INDEX list_entries_list_entry ON list_entries (list, entry_id);

CREATE TABLE indicators (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	version_id bigint NOT NULL REFERENCES list_versions (id) ON DELETE CASCADE,
	list       text COLLATE "C" NOT NULL,
	entry_id   text COLLATE "C" NOT NULL,
	kind       text COLLATE "C" NOT NULL,
	value      text COLLATE "C" NOT NULL,
	raw        text NOT NULL,
	type       text NOT NULL
);
CREATE INDEX indicators_kind_value ON indicators (kind, value);
CREATE INDEX indicators_version ON indicators (version_id);
CREATE INDEX indicators_list ON indicators (list);

CREATE TABLE findings (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	subject_id text COLLATE "C" NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
	"check"    text COLLATE "C" NOT NULL,
	key        text COLLATE "C" NOT NULL,
	severity   text NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
	score      integer NOT NULL,
	summary    text NOT NULL,
	evidence   jsonb NOT NULL,
	list       text COLLATE "C" NOT NULL DEFAULT '',
	entry_id   text COLLATE "C" NOT NULL DEFAULT '',
	status     text NOT NULL CHECK (status IN ('open', 'cleared', 'delisted', 'dismissed')),
	first_seen timestamptz NOT NULL,
	last_seen  timestamptz NOT NULL,
	count      integer NOT NULL,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	UNIQUE (subject_id, key)
);
CREATE INDEX findings_last_seen ON findings (last_seen);
CREATE INDEX findings_list_entry ON findings (list, entry_id) WHERE list <> '';

-- finding_mentions records the other subjects a finding names (a shared bank account names who else holds it),
-- so that erasing a subject also erases what other subjects' findings say about it.
CREATE TABLE finding_mentions (
	finding_id           bigint NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
	subject_id           text COLLATE "C" NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
	mentioned_subject_id text COLLATE "C" NOT NULL,
	created_at           timestamptz NOT NULL,
	PRIMARY KEY (finding_id, mentioned_subject_id)
);
CREATE INDEX finding_mentions_mentioned ON finding_mentions (mentioned_subject_id);

CREATE TABLE cases (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	subject_id    text COLLATE "C" NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
	status        text NOT NULL CHECK (status IN ('open', 'in_review', 'closed')),
	assignee      text NOT NULL DEFAULT '',
	score         integer NOT NULL,
	band          text NOT NULL CHECK (band IN ('low', 'medium', 'high', 'critical')),
	reason        text NOT NULL,
	decision      text NOT NULL DEFAULT '',
	rationale     text NOT NULL DEFAULT '',
	decided_by    text NOT NULL DEFAULT '',
	decided_at    timestamptz,
	-- The keys of the subject's open findings when a reviewer cleared or confirmed the case (a JSON array,
	-- sorted): a later screening opens a new case only for a finding that is not among them.
	reviewed_keys jsonb NOT NULL DEFAULT '[]',
	opened_at     timestamptz NOT NULL,
	updated_at    timestamptz NOT NULL
);
-- At most one open or in-review case per subject: screening updates it instead of opening another.
CREATE UNIQUE INDEX cases_active_subject ON cases (subject_id) WHERE status IN ('open', 'in_review');
CREATE INDEX cases_opened_at ON cases (opened_at);
-- A subject's cases, the last decided first: what a new screening is held against; and erasure.
CREATE INDEX cases_subject ON cases (subject_id, decided_at);

CREATE TABLE case_notes (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	case_id    bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	subject_id text COLLATE "C" NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
	author     text NOT NULL,
	text       text NOT NULL,
	created_at timestamptz NOT NULL
);
CREATE INDEX case_notes_case ON case_notes (case_id);
CREATE INDEX case_notes_subject ON case_notes (subject_id);

CREATE TABLE match_decisions (
	id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	subject_id          text COLLATE "C" NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
	list                text COLLATE "C" NOT NULL,
	entry_id            text COLLATE "C" NOT NULL,
	outcome             text NOT NULL CHECK (outcome IN ('not_this_person', 'same_person')),
	rationale           text NOT NULL,
	decided_by          text NOT NULL,
	decided_at          timestamptz NOT NULL,
	subject_fingerprint text NOT NULL,
	entry_fingerprint   text NOT NULL
);
CREATE INDEX match_decisions_subject ON match_decisions (subject_id, decided_at);

CREATE TABLE tokens (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name       text COLLATE "C" NOT NULL,
	prefix     text NOT NULL,
	hash       text COLLATE "C" NOT NULL UNIQUE,
	created_at timestamptz NOT NULL,
	revoked_at timestamptz
);
CREATE INDEX tokens_name ON tokens (name);

-- subject_id has no foreign key: the log outlives an erased subject (DeleteSubject blanks the detail of its
-- events and records the erasure).
CREATE TABLE audit_events (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at         timestamptz NOT NULL,
	actor      text COLLATE "C" NOT NULL,
	action     text COLLATE "C" NOT NULL,
	subject_id text COLLATE "C" NOT NULL DEFAULT '',
	target     text NOT NULL DEFAULT '',
	detail     text NOT NULL DEFAULT ''
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
