-- The review console's store. Tables fed from topics are keyed by the records' own stable ids,
-- so consuming a topic twice leaves the same rows; ingest_offsets moves in the same transaction.
-- Claims, notes and the audit trail exist only here: a rebuild from the topics keeps them.
-- Portable SQL: H2 (the embedded default) and PostgreSQL.

CREATE TABLE ingest_offsets (
  topic       VARCHAR(200) NOT NULL,
  part        INT          NOT NULL,
  next_offset BIGINT       NOT NULL,
  PRIMARY KEY (topic, part)
);

-- How far the pipeline's event time has come: the newest heartbeat or record time on its outputs.
CREATE TABLE pipeline_clock (
  clock_id   INT    PRIMARY KEY,
  event_time BIGINT NOT NULL
);

CREATE TABLE orders (
  order_id       VARCHAR(200) PRIMARY KEY,
  advertiser_id  VARCHAR(200),
  creator_id     VARCHAR(200),
  agency_id      VARCHAR(200),
  video_id       VARCHAR(200),
  price_minor    BIGINT,
  prepaid_minor  BIGINT,
  currency       VARCHAR(8),
  retention_days INT,
  published_at   BIGINT,
  created_at     BIGINT,
  status         VARCHAR(40),
  updated_at     BIGINT
);
CREATE INDEX orders_creator ON orders (creator_id);

CREATE TABLE order_events (
  event_id   VARCHAR(200) PRIMARY KEY,
  order_id   VARCHAR(200) NOT NULL,
  kind       VARCHAR(40)  NOT NULL,
  event_time BIGINT       NOT NULL
);

CREATE TABLE case_versions (
  case_version_id  VARCHAR(200) PRIMARY KEY,
  case_id          VARCHAR(200) NOT NULL,
  version          INT          NOT NULL,
  level            VARCHAR(20)  NOT NULL,
  risk_score       DOUBLE PRECISION NOT NULL,
  signal_names     VARCHAR(2000) NOT NULL,
  last_event_time  BIGINT       NOT NULL,
  record_avro      VARCHAR(1000000) NOT NULL
);
CREATE INDEX case_versions_case ON case_versions (case_id, version);

-- The newest version of each case, for the queue.
CREATE TABLE cases (
  case_id          VARCHAR(200) PRIMARY KEY,
  version          INT          NOT NULL,
  order_id         VARCHAR(200) NOT NULL,
  video_id         VARCHAR(200) NOT NULL,
  creator_id       VARCHAR(200) NOT NULL,
  advertiser_id    VARCHAR(200) NOT NULL,
  agency_id        VARCHAR(200),
  level            VARCHAR(20)  NOT NULL,
  max_level        VARCHAR(20)  NOT NULL,
  risk_score       DOUBLE PRECISION NOT NULL,
  signal_names     VARCHAR(2000) NOT NULL,
  first_flagged_at BIGINT       NOT NULL,
  review_since     BIGINT,
  last_event_time  BIGINT       NOT NULL
);
CREATE INDEX cases_order ON cases (order_id);
CREATE INDEX cases_creator ON cases (creator_id);

CREATE TABLE penalties (
  penalty_id      VARCHAR(200) PRIMARY KEY,
  creator_id      VARCHAR(200) NOT NULL,
  agency_id       VARCHAR(200),
  cause           VARCHAR(40)  NOT NULL,
  cause_id        VARCHAR(200) NOT NULL,
  order_id        VARCHAR(200),
  points          INT          NOT NULL,
  score_before    INT          NOT NULL,
  score_after     INT          NOT NULL,
  sanction        VARCHAR(40)  NOT NULL,
  suspended_until BIGINT,
  event_time      BIGINT       NOT NULL
);
CREATE INDEX penalties_creator ON penalties (creator_id);
CREATE INDEX penalties_cause ON penalties (cause_id);

CREATE TABLE penalty_reversals (
  reversal_id     VARCHAR(200) PRIMARY KEY,
  penalty_id      VARCHAR(200) NOT NULL,
  creator_id      VARCHAR(200) NOT NULL,
  decision_id     VARCHAR(200),
  points_restored INT          NOT NULL,
  event_time      BIGINT       NOT NULL
);

CREATE TABLE terminations (
  termination_id VARCHAR(200) PRIMARY KEY,
  order_id       VARCHAR(200) NOT NULL,
  creator_id     VARCHAR(200) NOT NULL,
  cause          VARCHAR(40)  NOT NULL,
  cause_id       VARCHAR(200) NOT NULL,
  event_time     BIGINT       NOT NULL
);
CREATE INDEX terminations_cause ON terminations (cause_id);

CREATE TABLE refunds (
  refund_id     VARCHAR(200) PRIMARY KEY,
  order_id      VARCHAR(200) NOT NULL,
  advertiser_id VARCHAR(200) NOT NULL,
  creator_id    VARCHAR(200) NOT NULL,
  amount_minor  BIGINT       NOT NULL,
  currency      VARCHAR(8)   NOT NULL,
  cause         VARCHAR(40)  NOT NULL,
  cause_id      VARCHAR(200) NOT NULL,
  event_time    BIGINT       NOT NULL
);
CREATE INDEX refunds_cause ON refunds (cause_id);

CREATE TABLE retention_violations (
  violation_id VARCHAR(200) PRIMARY KEY,
  order_id     VARCHAR(200) NOT NULL,
  creator_id   VARCHAR(200) NOT NULL,
  agency_id    VARCHAR(200),
  outcome      VARCHAR(40)  NOT NULL,
  removal_kind VARCHAR(40)  NOT NULL,
  removed_at   BIGINT       NOT NULL
);

CREATE TABLE agency_alerts (
  alert_id        VARCHAR(200) PRIMARY KEY,
  agency_id       VARCHAR(200) NOT NULL,
  level           VARCHAR(40)  NOT NULL,
  violation_count INT          NOT NULL,
  threshold       INT          NOT NULL,
  event_time      BIGINT       NOT NULL
);

CREATE TABLE review_deadlines (
  deadline_id VARCHAR(200) PRIMARY KEY,
  case_id     VARCHAR(200) NOT NULL,
  kind        VARCHAR(40)  NOT NULL,
  deadline    BIGINT       NOT NULL,
  event_time  BIGINT       NOT NULL
);
CREATE INDEX review_deadlines_case ON review_deadlines (case_id);

-- Hourly verified metrics per order: the case page's traffic chart.
CREATE TABLE order_metrics (
  metrics_id    VARCHAR(200) PRIMARY KEY,
  order_id      VARCHAR(200) NOT NULL,
  window_start  BIGINT       NOT NULL,
  raw_views     BIGINT       NOT NULL,
  valid_views   BIGINT       NOT NULL,
  raw_likes     BIGINT       NOT NULL,
  valid_likes   BIGINT       NOT NULL,
  raw_follows   BIGINT       NOT NULL,
  valid_follows BIGINT       NOT NULL
);
CREATE INDEX order_metrics_order ON order_metrics (order_id, window_start);

-- Decisions: those written here (status NEW until the producer acknowledged them, then SENT)
-- and every decision read back from review-decisions (on_topic).
CREATE TABLE decisions (
  decision_id  VARCHAR(200) PRIMARY KEY,
  case_id      VARCHAR(200) NOT NULL,
  order_id     VARCHAR(200) NOT NULL,
  reviewer_id  VARCHAR(200) NOT NULL,
  outcome      VARCHAR(40)  NOT NULL,
  note         VARCHAR(4000),
  case_version INT,
  decided_at   BIGINT       NOT NULL,
  status       VARCHAR(20)  NOT NULL,
  on_topic     BOOLEAN      NOT NULL,
  made_here    BOOLEAN      NOT NULL,
  topic_partition INT,
  topic_offset BIGINT
);
CREATE INDEX decisions_case ON decisions (case_id);

CREATE TABLE dead_letters (
  dl_key       VARCHAR(40)  PRIMARY KEY,
  dl_partition INT          NOT NULL,
  dl_offset    BIGINT       NOT NULL,
  job          VARCHAR(100) NOT NULL,
  source_topic VARCHAR(200) NOT NULL,
  source_partition INT      NOT NULL,
  source_offset BIGINT      NOT NULL,
  kind         VARCHAR(40)  NOT NULL,
  reason       VARCHAR(4000) NOT NULL,
  reason_group VARCHAR(200) NOT NULL,
  event_time   BIGINT
);
CREATE INDEX dead_letters_group ON dead_letters (job, reason_group);

CREATE TABLE claims (
  case_id     VARCHAR(200) PRIMARY KEY,
  reviewer_id VARCHAR(200) NOT NULL,
  claimed_at  BIGINT       NOT NULL,
  expires_at  BIGINT       NOT NULL
);

CREATE TABLE notes (
  note_id    VARCHAR(200) PRIMARY KEY,
  case_id    VARCHAR(200) NOT NULL,
  author_id  VARCHAR(200) NOT NULL,
  body       VARCHAR(4000) NOT NULL,
  created_at BIGINT       NOT NULL
);
CREATE INDEX notes_case ON notes (case_id);

CREATE TABLE audit (
  audit_id   VARCHAR(200) PRIMARY KEY,
  happened_at BIGINT      NOT NULL,
  user_id    VARCHAR(200) NOT NULL,
  action     VARCHAR(40)  NOT NULL,
  case_id    VARCHAR(200),
  detail     VARCHAR(4000)
);
CREATE INDEX audit_case ON audit (case_id);
