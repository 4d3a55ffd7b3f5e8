-- revision 0012
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
CREATE TABLE batches (
	id VARCHAR(32) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	operator VARCHAR(100) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	created_at DATETIME NOT NULL, 
	finished_at DATETIME, hints JSON, 
	PRIMARY KEY (id)
);
CREATE TABLE digital_files (
	id INTEGER NOT NULL, 
	"key" VARCHAR(400) NOT NULL, 
	file_number VARCHAR(200), 
	title TEXT NOT NULL, 
	department VARCHAR(40), 
	created_at DATETIME NOT NULL, location TEXT, volume INTEGER, details JSON, 
	PRIMARY KEY (id), 
	UNIQUE ("key")
);
CREATE TABLE source_files (
	sha256 VARCHAR(64) NOT NULL, 
	kind VARCHAR(8) NOT NULL, 
	size INTEGER NOT NULL, 
	name TEXT NOT NULL, 
	stored_at DATETIME NOT NULL, 
	PRIMARY KEY (sha256)
);
CREATE TABLE batch_items (
	id INTEGER NOT NULL, 
	batch_id VARCHAR(32) NOT NULL, 
	seq INTEGER NOT NULL, 
	name TEXT NOT NULL, 
	grp VARCHAR(300) NOT NULL, 
	sha256 VARCHAR(64), 
	status VARCHAR(16) NOT NULL, 
	document_id VARCHAR(40), 
	error_code VARCHAR(60), 
	error_message TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(batch_id) REFERENCES batches (id), 
	UNIQUE (batch_id, seq)
);
CREATE TABLE documents (
	id VARCHAR(40) NOT NULL, 
	sha256 VARCHAR(64) NOT NULL, 
	batch_id VARCHAR(32) NOT NULL, 
	name TEXT NOT NULL, 
	grp VARCHAR(300) NOT NULL, 
	kind VARCHAR(8) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	pages INTEGER NOT NULL, 
	department VARCHAR(40), 
	confidence FLOAT, 
	classification JSON, 
	file_number VARCHAR(200), 
	entities JSON, 
	digital_file_id INTEGER, 
	error_code VARCHAR(60), 
	error_message TEXT, 
	created_at DATETIME NOT NULL, 
	completed_at DATETIME, doc_date DATE, bundle JSON, verified_by VARCHAR(100), verified_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(batch_id) REFERENCES batches (id), 
	FOREIGN KEY(digital_file_id) REFERENCES digital_files (id), 
	FOREIGN KEY(sha256) REFERENCES source_files (sha256)
);
CREATE TABLE pages (
	document_id VARCHAR(40) NOT NULL, 
	page_no INTEGER NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	source VARCHAR(16), 
	confidence FLOAT, 
	rotation INTEGER, 
	skew_degrees FLOAT, 
	dpi INTEGER, 
	dpi_assumed BOOLEAN, 
	width INTEGER, 
	height INTEGER, 
	lang VARCHAR(40), 
	steps JSON, 
	textlayer_verdict TEXT, 
	text TEXT, 
	seconds FLOAT, 
	error_code VARCHAR(60), 
	error_message TEXT, 
	updated_at DATETIME, quality FLOAT, quality_reasons JSON, flag VARCHAR(16), blank BOOLEAN, separator VARCHAR(16), separator_file_number VARCHAR(200), role VARCHAR(16), role_confidence FLOAT, layout JSON, 
	PRIMARY KEY (document_id, page_no), 
	FOREIGN KEY(document_id) REFERENCES documents (id)
);
CREATE TABLE search_terms (
	term VARCHAR(120) NOT NULL, 
	n INTEGER NOT NULL, norm_key VARCHAR(120), stem_key VARCHAR(120), phon_key VARCHAR(120), 
	PRIMARY KEY (term)
);
CREATE TABLE search_term_variants (
	variant VARCHAR(120) NOT NULL, 
	term VARCHAR(120) NOT NULL, 
	PRIMARY KEY (variant, term)
);
CREATE TABLE search_pages ( id INTEGER PRIMARY KEY, document_id VARCHAR(40) NOT NULL, page_no INTEGER NOT NULL, text TEXT NOT NULL, UNIQUE (document_id, page_no));
CREATE VIRTUAL TABLE page_fts USING fts5(text, content='search_pages', content_rowid='id', tokenize="unicode61 remove_diacritics 0 tokenchars 'ऀँंःऺऻ़ऽािीुूृॄॅॆेैॉॊोौ्ॎॏ॒॑॓॔ॕॖॗॢॣ‌‍'");
CREATE TABLE users (
	id INTEGER NOT NULL, 
	name VARCHAR(100) NOT NULL, 
	role VARCHAR(16) NOT NULL, 
	departments JSON NOT NULL, 
	password_hash TEXT, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE api_tokens (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	created_at DATETIME NOT NULL, 
	expires_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
	UNIQUE (token_hash)
);
CREATE TABLE audit_log (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	user_name VARCHAR(100) NOT NULL, 
	action VARCHAR(32) NOT NULL, 
	target_type VARCHAR(16), 
	target_id TEXT, 
	detail JSON, 
	PRIMARY KEY (id)
);
CREATE TABLE corrections (
	id INTEGER NOT NULL, 
	document_id VARCHAR(40) NOT NULL, 
	field VARCHAR(32) NOT NULL, 
	old_value TEXT, 
	new_value TEXT, 
	user_name VARCHAR(100) NOT NULL, 
	reason TEXT, 
	at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(document_id) REFERENCES documents (id)
);
CREATE TABLE parts (
	id INTEGER NOT NULL, 
	document_id VARCHAR(40) NOT NULL, 
	seq INTEGER NOT NULL, 
	first_page INTEGER NOT NULL, 
	last_page INTEGER NOT NULL, 
	role VARCHAR(16) NOT NULL, 
	confidence FLOAT NOT NULL, 
	reasons JSON, 
	needs_review BOOLEAN NOT NULL, 
	file_number VARCHAR(200), 
	digital_file_id INTEGER, 
	PRIMARY KEY (id), 
	UNIQUE (document_id, seq), 
	FOREIGN KEY(document_id) REFERENCES documents (id), 
	FOREIGN KEY(digital_file_id) REFERENCES digital_files (id)
);
CREATE TABLE stored_objects (
	"key" VARCHAR(400) NOT NULL, 
	sha256 VARCHAR(64), 
	size BIGINT, 
	kind VARCHAR(16) NOT NULL, 
	content_sha VARCHAR(64), 
	stored_at DATETIME NOT NULL, 
	PRIMARY KEY ("key")
);
CREATE TABLE fixity_runs (
	id INTEGER NOT NULL, 
	started_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	finished_at DATETIME, 
	status VARCHAR(16) NOT NULL, 
	user_name VARCHAR(100) NOT NULL, 
	store TEXT NOT NULL, 
	sample FLOAT NOT NULL, 
	seed VARCHAR(32) NOT NULL, 
	phase VARCHAR(8) NOT NULL, 
	cursor TEXT, 
	checked INTEGER NOT NULL, 
	ok INTEGER NOT NULL, 
	bytes BIGINT NOT NULL, 
	seconds FLOAT NOT NULL, 
	problems JSON, 
	PRIMARY KEY (id)
);
CREATE TABLE rescans (
	id INTEGER NOT NULL, 
	document_id VARCHAR(40) NOT NULL, 
	page_no INTEGER NOT NULL, 
	state VARCHAR(16) NOT NULL, 
	reason TEXT, 
	marked_by VARCHAR(100), 
	marked_at DATETIME, 
	scan_sha256 VARCHAR(64), 
	scan_kind VARCHAR(8), 
	scan_name TEXT, 
	replaced_by VARCHAR(100), 
	submitted_at DATETIME, 
	finished_at DATETIME, 
	previous JSON, 
	result JSON, 
	error_code VARCHAR(60), 
	error_message TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(document_id) REFERENCES documents (id)
);
CREATE INDEX ix_batch_items_batch_id ON batch_items (batch_id);
CREATE INDEX ix_documents_batch_id ON documents (batch_id);
CREATE INDEX ix_documents_department ON documents (department);
CREATE INDEX ix_documents_digital_file_id ON documents (digital_file_id);
CREATE INDEX ix_documents_file_number ON documents (file_number);
CREATE INDEX ix_documents_sha256 ON documents (sha256);
CREATE INDEX ix_pages_status ON pages (status);
CREATE INDEX ix_documents_doc_date ON documents (doc_date);
CREATE TRIGGER search_pages_ai AFTER INSERT ON search_pages BEGIN INSERT INTO page_fts(rowid, text) VALUES (new.id, new.text); END;
CREATE TRIGGER search_pages_ad AFTER DELETE ON search_pages BEGIN INSERT INTO page_fts(page_fts, rowid, text) VALUES ('delete', old.id, old.text); END;
CREATE TRIGGER search_pages_au AFTER UPDATE ON search_pages BEGIN INSERT INTO page_fts(page_fts, rowid, text) VALUES ('delete', old.id, old.text); INSERT INTO page_fts(rowid, text) VALUES (new.id, new.text); END;
CREATE INDEX ix_api_tokens_user_id ON api_tokens (user_id);
CREATE INDEX ix_audit_log_action ON audit_log (action);
CREATE INDEX ix_audit_log_at ON audit_log (at);
CREATE INDEX ix_audit_log_target_id ON audit_log (target_id);
CREATE INDEX ix_audit_log_user_name ON audit_log (user_name);
CREATE INDEX ix_corrections_document_id ON corrections (document_id);
CREATE INDEX ix_pages_flag ON pages (flag);
CREATE INDEX ix_parts_document_id ON parts (document_id);
CREATE INDEX ix_parts_digital_file_id ON parts (digital_file_id);
CREATE INDEX ix_search_documents ON documents (id, status, department, file_number, doc_date);
CREATE INDEX ix_search_pages_key ON search_pages (id, document_id, page_no);
CREATE INDEX ix_stored_objects_content_sha ON stored_objects (content_sha);
CREATE INDEX ix_search_terms_norm_key ON search_terms (norm_key);
CREATE INDEX ix_search_terms_stem_key ON search_terms (stem_key);
CREATE INDEX ix_search_terms_phon_key ON search_terms (phon_key);
CREATE INDEX ix_rescans_document_id ON rescans (document_id);
CREATE INDEX ix_rescans_state ON rescans (state);
INSERT INTO alembic_version (version_num) VALUES ('0012');
