-- A run store written by plumb with schema version 1 (main at 8133270, 'plumb run' of
-- test/store/Inputs greet.pipe --arg name=Ada, fail.pipe, spans.pipe --arg n=4), dumped
-- with Python's sqlite3 iterdump: the fixture of the version 2 migration's test.
BEGIN TRANSACTION;
CREATE TABLE blobs(
  key TEXT PRIMARY KEY,
  codec TEXT NOT NULL,
  size INTEGER NOT NULL,
  data BLOB NOT NULL,
  created_ns INTEGER NOT NULL,
  expires_ns INTEGER);
CREATE TABLE program_files(
  program_hash TEXT NOT NULL,
  position INTEGER NOT NULL,
  path TEXT NOT NULL,
  source_hash TEXT NOT NULL,
  PRIMARY KEY(program_hash, position)) WITHOUT ROWID;
INSERT INTO "program_files" VALUES('17b46c76f4de0d37cefc536fa00af2a1',0,'/work/wt/t-rec/test/store/Inputs/spans.pipe','6ffdd4b6200220dcccf9c86c203a3bc4');
INSERT INTO "program_files" VALUES('7a249f893542b70e151bba90a252cce0',0,'/work/wt/t-rec/test/store/Inputs/fail.pipe','e51394bf3b533b5d34fc91fd2a2eb0fb');
INSERT INTO "program_files" VALUES('9c3ad69de2844289c4946e9309e88878',0,'/work/wt/t-rec/test/store/Inputs/greet.pipe','c6b7360fe3b3d7a251a6efd16f873fb8');
CREATE TABLE program_nodes(
  program_hash TEXT NOT NULL,
  node INTEGER NOT NULL,
  identity TEXT NOT NULL,
  pipeline TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  stage TEXT,
  callee TEXT,
  parent INTEGER,
  predecessors TEXT NOT NULL,
  file TEXT NOT NULL,
  line INTEGER NOT NULL,
  col INTEGER NOT NULL,
  labels TEXT,
  code_hash TEXT NOT NULL,
  PRIMARY KEY(program_hash, node)) WITHOUT ROWID;
INSERT INTO "program_nodes" VALUES('17b46c76f4de0d37cefc536fa00af2a1',1,'main/ys','main','ys','map',NULL,NULL,NULL,'','/work/wt/t-rec/test/store/Inputs/spans.pipe',4,8,NULL,'298ea7b5f216edf4ab65844039d5c6dc');
INSERT INTO "program_nodes" VALUES('17b46c76f4de0d37cefc536fa00af2a1',2,'main/ys/yield#1','main','yield#4','expr',NULL,NULL,1,'','/work/wt/t-rec/test/store/Inputs/spans.pipe',4,34,NULL,'1d6bf120035d104fe9209d62d3d3cda3');
INSERT INTO "program_nodes" VALUES('7a249f893542b70e151bba90a252cce0',2,'main/b','main','b','expr',NULL,NULL,NULL,'','/work/wt/t-rec/test/store/Inputs/fail.pipe',4,7,NULL,'1f93b41056ee7ed04065a3740dfb058a');
INSERT INTO "program_nodes" VALUES('9c3ad69de2844289c4946e9309e88878',2,'main/greeting','main','greeting','expr',NULL,NULL,NULL,'','/work/wt/t-rec/test/store/Inputs/greet.pipe',3,14,NULL,'1c2661a250591629fb3a25f7709e977c');
INSERT INTO "program_nodes" VALUES('9c3ad69de2844289c4946e9309e88878',3,'main/squares','main','squares','map',NULL,NULL,NULL,'','/work/wt/t-rec/test/store/Inputs/greet.pipe',4,13,NULL,'34a99bdb0bcb742226753df4455e77dd');
INSERT INTO "program_nodes" VALUES('9c3ad69de2844289c4946e9309e88878',4,'main/squares/yield#1','main','yield#4','expr',NULL,NULL,3,'','/work/wt/t-rec/test/store/Inputs/greet.pipe',4,39,NULL,'46e44227578a85d72264ee5f9109e458');
CREATE TABLE programs(
  program_hash TEXT PRIMARY KEY,
  node_count INTEGER NOT NULL,
  created_ns INTEGER NOT NULL);
INSERT INTO "programs" VALUES('9c3ad69de2844289c4946e9309e88878',3,1796673775910049742);
INSERT INTO "programs" VALUES('7a249f893542b70e151bba90a252cce0',1,1796673776008389692);
INSERT INTO "programs" VALUES('17b46c76f4de0d37cefc536fa00af2a1',2,1796673776127135488);
CREATE TABLE run_logs(
  run INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  time_ns INTEGER NOT NULL,
  level TEXT NOT NULL,
  logger TEXT NOT NULL,
  message TEXT NOT NULL,
  fields TEXT NOT NULL,
  span_id INTEGER,
  pipeline TEXT,
  node TEXT,
  PRIMARY KEY(run, seq)) WITHOUT ROWID;
INSERT INTO "run_logs" VALUES(2,0,1796673776021300658,'error','runtime','division by zero','{"error_type": "division_by_zero", "file": "/work/wt/t-rec/test/store/Inputs/fail.pipe", "line": 4, "col": 7, "attempt": 1}',-197328712106290861,'main','b');
CREATE TABLE run_nodes(
  run INTEGER NOT NULL,
  node INTEGER NOT NULL,
  runs INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  retries INTEGER NOT NULL,
  cache_hits INTEGER NOT NULL,
  items INTEGER NOT NULL,
  total_ns INTEGER NOT NULL,
  p50_ns INTEGER NOT NULL,
  p95_ns INTEGER NOT NULL,
  max_ns INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  error TEXT,
  PRIMARY KEY(run, node)) WITHOUT ROWID;
INSERT INTO "run_nodes" VALUES(1,2,1,0,0,0,0,28515,28515,28515,28515,0,0,0.0,NULL);
INSERT INTO "run_nodes" VALUES(1,3,1,0,0,0,3,10663,10663,10663,10663,0,0,0.0,NULL);
INSERT INTO "run_nodes" VALUES(1,4,3,0,0,0,0,1856,101,1715,1715,0,0,0.0,NULL);
INSERT INTO "run_nodes" VALUES(2,2,1,1,0,0,0,420442,420442,420442,420442,0,0,0.0,'division by zero');
INSERT INTO "run_nodes" VALUES(3,1,1,0,0,0,4,286788,286788,286788,286788,0,0,0.0,NULL);
INSERT INTO "run_nodes" VALUES(3,2,4,0,0,0,0,2896,71,2344,2344,0,0,0.0,NULL);
CREATE TABLE run_usage(
  run INTEGER NOT NULL,
  model TEXT NOT NULL,
  calls INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  PRIMARY KEY(run, model)) WITHOUT ROWID;
CREATE TABLE runs(
  run INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  trace_id TEXT NOT NULL,
  status TEXT NOT NULL,
  pipeline TEXT NOT NULL,
  file TEXT NOT NULL,
  program_hash TEXT NOT NULL,
  args TEXT NOT NULL,
  backend TEXT NOT NULL,
  threads INTEGER NOT NULL,
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  process TEXT NOT NULL,
  cwd TEXT NOT NULL,
  plumb_version TEXT NOT NULL,
  started_ns INTEGER NOT NULL,
  ended_ns INTEGER,
  heartbeat_ns INTEGER NOT NULL,
  result TEXT,
  result_bytes INTEGER,
  result_truncated INTEGER NOT NULL DEFAULT 0,
  error_kind TEXT,
  error_message TEXT,
  error_pipeline TEXT,
  error_node TEXT,
  error_stage TEXT,
  error_file TEXT,
  error_line INTEGER,
  error_col INTEGER,
  nodes_run INTEGER NOT NULL DEFAULT 0,
  nodes_failed INTEGER NOT NULL DEFAULT 0,
  spans INTEGER NOT NULL DEFAULT 0,
  spans_left_out INTEGER NOT NULL DEFAULT 0,
  logs_left_out INTEGER NOT NULL DEFAULT 0,
  input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL NOT NULL DEFAULT 0);
INSERT INTO "runs" VALUES(1,'01M991MA95F2H3BGGKH6P03YJN','623cac64cc068aac7d1cb239fb4fcdff','ok','main','/work/wt/t-rec/test/store/Inputs/greet.pipe','9c3ad69de2844289c4946e9309e88878','{"name": "Ada", "n": 3}','interp',2,'vm',13371,'e9793ded-fa58-42c5-a173-f82203396f31:pid:[4026531836]:13371:6934473','/tmp/v1fix','0.1.0',1796673775911490580,1796673775926387906,1796673775926387906,'{"greeting": "Hello, Ada!", "squares": [0, 1, 4]}',49,0,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,3,0,9,0,0,0,0,0.0);
INSERT INTO "runs" VALUES(2,'01M991MAC8G46RKF3DC9S1MYDF','fd1af6bc0037a73c0163220d82fbcb11','failed','main','/work/wt/t-rec/test/store/Inputs/fail.pipe','7a249f893542b70e151bba90a252cce0','{"n": 0}','interp',2,'vm',13391,'e9793ded-fa58-42c5-a173-f82203396f31:pid:[4026531836]:13391:6934501','/tmp/v1fix','0.1.0',1796673776009864224,1796673776021531525,1796673776021531525,NULL,0,0,'division_by_zero','division by zero','main','b',NULL,'/work/wt/t-rec/test/store/Inputs/fail.pipe',4,7,1,1,2,0,0,0,0,0.0);
INSERT INTO "runs" VALUES(3,'01M991MAFYMGBS10WJ08VPAERC','8bdd0268381589e392843407c37a2e25','ok','main','/work/wt/t-rec/test/store/Inputs/spans.pipe','17b46c76f4de0d37cefc536fa00af2a1','{"n": 4}','interp',2,'vm',13399,'e9793ded-fa58-42c5-a173-f82203396f31:pid:[4026531836]:13399:6934512','/tmp/v1fix','0.1.0',1796673776134323437,1796673776148034006,1796673776148034006,'4',1,0,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,2,0,10,0,0,0,0,0.0);
CREATE TABLE schema_migrations(version INTEGER PRIMARY KEY, applied_ns INTEGER NOT NULL, plumb_version TEXT NOT NULL);
INSERT INTO "schema_migrations" VALUES(1,1796673775907088616,'0.1.0');
CREATE TABLE sources(
  hash TEXT PRIMARY KEY,
  text TEXT NOT NULL);
INSERT INTO "sources" VALUES('c6b7360fe3b3d7a251a6efd16f873fb8','# A small program for the run store''s tests: a parameter, a map and a record result.
pipeline main(name: str = "world", n: int = 3) {
  greeting = "Hello, ${name}!"
  squares = map i in range(n) { yield i * i }
  return { greeting: greeting, squares: squares }
}
');
INSERT INTO "sources" VALUES('e51394bf3b533b5d34fc91fd2a2eb0fb','# Fails in its second node when n is 0.
pipeline main(n: int = 0) {
  a = 10
  b = a / n
  return b
}
');
INSERT INTO "sources" VALUES('6ffdd4b6200220dcccf9c86c203a3bc4','# Many spans: every item of a 20,000-item map is traced.
pipeline main(n: int = 20000) {
  @trace(items: "all")
  ys = map x in range(n) { yield x * 2 }
  return len(ys)
}
');
CREATE TABLE spans(
  run INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  span_id INTEGER NOT NULL,
  parent_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  name TEXT,
  node INTEGER,
  item INTEGER,
  start_ns INTEGER NOT NULL,
  duration_ns INTEGER NOT NULL,
  thread INTEGER NOT NULL,
  error INTEGER NOT NULL,
  error_type TEXT,
  error_message TEXT,
  attributes TEXT,
  PRIMARY KEY(run, seq)) WITHOUT ROWID;
INSERT INTO "spans" VALUES(1,0,7355899813400104953,3305281670598536991,'node',NULL,2,NULL,1796673775925977527,28515,0,0,NULL,NULL,NULL);
INSERT INTO "spans" VALUES(1,1,-5409288986044948490,6716160657385515016,'node',NULL,4,NULL,1796673775926131858,1715,0,0,NULL,NULL,NULL);
INSERT INTO "spans" VALUES(1,2,6716160657385515016,6355515854722938665,'item',NULL,3,0,1796673775926131376,2478,0,0,NULL,NULL,NULL);
INSERT INTO "spans" VALUES(1,3,-3401130495717807643,-1999679580107226169,'node',NULL,4,NULL,1796673775926134777,101,0,0,NULL,NULL,NULL);
INSERT INTO "spans" VALUES(1,4,-1999679580107226169,6355515854722938665,'item',NULL,3,1,1796673775926134717,1144,0,0,NULL,NULL,NULL);
INSERT INTO "spans" VALUES(1,5,-4852735935568845955,760602005471188864,'node',NULL,4,NULL,1796673775926135931,40,0,0,NULL,NULL,NULL);
INSERT INTO "spans" VALUES(1,6,760602005471188864,6355515854722938665,'item',NULL,3,2,1796673775926135921,160,0,0,NULL,NULL,NULL);
INSERT INTO "spans" VALUES(1,7,6355515854722938665,3305281670598536991,'node',NULL,3,NULL,1796673775926126642,10663,0,0,NULL,NULL,'{"plumb.items.in": 3, "plumb.items.out": 3}');
INSERT INTO "spans" VALUES(1,8,3305281670598536991,0,'run',NULL,NULL,NULL,1796673775911679868,14527909,1,0,NULL,NULL,NULL);
INSERT INTO "spans" VALUES(2,0,-197328712106290861,5190850673083893085,'node',NULL,2,NULL,1796673776020833486,420442,0,1,'division_by_zero','division by zero',NULL);
INSERT INTO "spans" VALUES(2,1,5190850673083893085,0,'run',NULL,NULL,NULL,1796673776010057741,11391482,0,1,'division_by_zero','/work/wt/t-rec/test/store/Inputs/fail.pipe:4:7: node `b` in pipeline `main` failed: division by zero',NULL);
INSERT INTO "spans" VALUES(3,0,-6309515793776704030,-2383698205730975763,'node',NULL,2,NULL,1796673776146673837,2344,0,0,NULL,NULL,NULL);
INSERT INTO "spans" VALUES(3,1,-2383698205730975763,-2416073341515890583,'item',NULL,1,0,1796673776146673145,216193,0,0,NULL,NULL,NULL);
INSERT INTO "spans" VALUES(3,2,-2763964210659509156,8114279063967394531,'node',NULL,2,NULL,1796673776146891041,421,0,0,NULL,NULL,NULL);
INSERT INTO "spans" VALUES(3,3,8114279063967394531,-2416073341515890583,'item',NULL,1,1,1796673776146891021,1373,0,0,NULL,NULL,NULL);
INSERT INTO "spans" VALUES(3,4,829213130815116051,-4925558275336013998,'node',NULL,2,NULL,1796673776146892494,60,0,0,NULL,NULL,NULL);
INSERT INTO "spans" VALUES(3,5,-4925558275336013998,-2416073341515890583,'item',NULL,1,2,1796673776146892474,220,0,0,NULL,NULL,NULL);
INSERT INTO "spans" VALUES(3,6,-1513750581211491234,-4249834752544734621,'node',NULL,2,NULL,1796673776146892764,71,0,0,NULL,NULL,NULL);
INSERT INTO "spans" VALUES(3,7,-4249834752544734621,-2416073341515890583,'item',NULL,1,3,1796673776146892744,171,0,0,NULL,NULL,NULL);
INSERT INTO "spans" VALUES(3,8,-2416073341515890583,-2460556383026677273,'node',NULL,1,NULL,1796673776146611898,286788,0,0,NULL,NULL,'{"plumb.items.in": 4, "plumb.items.out": 4}');
INSERT INTO "spans" VALUES(3,9,-2460556383026677273,0,'run',NULL,NULL,NULL,1796673776134560165,12386026,1,0,NULL,NULL,NULL);
CREATE INDEX runs_by_started ON runs(started_ns);
CREATE INDEX runs_by_status ON runs(status);
CREATE INDEX runs_by_program ON runs(program_hash);
COMMIT;
