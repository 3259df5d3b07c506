-- Run-time detection rules (topic detection-rules) as read, one row per record (a re-read adds
-- nothing); whether the job took a rule is read from its dead letters.
CREATE TABLE detection_rules (
  rule_id         VARCHAR(64)   PRIMARY KEY,
  version         BIGINT        NOT NULL,
  setting_key     VARCHAR(200)  NOT NULL,
  rule_value      VARCHAR(200)  NOT NULL,
  effective_from  BIGINT        NOT NULL,
  changed_by      VARCHAR(200)  NOT NULL,
  reason          VARCHAR(2000),
  src_partition   INT           NOT NULL,
  src_offset      BIGINT        NOT NULL
);
CREATE INDEX detection_rules_version ON detection_rules (version);

-- What a candidate rule set would have decided (topic shadow-cases), as flagged case versions.
CREATE TABLE shadow_cases (
  case_version_id  VARCHAR(200) PRIMARY KEY,
  case_id          VARCHAR(200) NOT NULL,
  order_id         VARCHAR(200) NOT NULL,
  version          INT          NOT NULL,
  level            VARCHAR(20)  NOT NULL,
  risk_score       DOUBLE PRECISION NOT NULL,
  rule_set_version BIGINT       NOT NULL,
  last_event_time  BIGINT       NOT NULL,
  record_avro      VARCHAR(1000000) NOT NULL
);
CREATE INDEX shadow_cases_time ON shadow_cases (last_event_time);

-- The rule set that decided each live case version (0: the job's start-up settings, or a writer before contract v5).
ALTER TABLE case_versions ADD COLUMN rule_set_version BIGINT DEFAULT 0 NOT NULL;
