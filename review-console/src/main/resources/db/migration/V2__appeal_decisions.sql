-- Decisions on creators' appeals against a penalty (UPHOLD_APPEAL, REJECT_APPEAL) name the penalty,
-- its creator and when the appeal was filed; case decisions leave these empty.
ALTER TABLE decisions ADD COLUMN penalty_id VARCHAR(200);
ALTER TABLE decisions ADD COLUMN creator_id VARCHAR(200);
ALTER TABLE decisions ADD COLUMN appealed_at BIGINT;
CREATE INDEX decisions_penalty ON decisions (penalty_id);
