// The agenda's own storage: the Durable Object's SQLite. Synchronous, so every read sees
// every earlier write of this object even while a dial is awaiting the network. Each row has
// a version bumped on every write and the version last mirrored to Neon, so the mirror can
// resend exactly what changed, and a row changed mid-flush stays dirty.
import type { Occurrence, ScheduleRecord, UserSettings } from "./records.ts";

const SCHEMA = `
create table if not exists meta (k text primary key, v text not null);
create table if not exists schedules (
  id text primary key, record text not null,
  version integer not null default 1, mirrored_version integer not null default 0, mirrored_next_due integer
);
create table if not exists occurrences (
  schedule_id text not null, key text not null, fire_ms integer, status text not null, body text not null,
  version integer not null default 1, mirrored_version integer not null default 0,
  primary key (schedule_id, key)
);
create index if not exists occurrences_fire on occurrences (fire_ms) where fire_ms is not null;
create table if not exists gone (schedule_id text not null, key text not null, primary key (schedule_id, key));
`;

type Row = Record<string, SqlStorageValue>;

export class AgendaStore {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.sql = sql;
    this.sql.exec(SCHEMA);
  }

  private rows<T extends Row>(query: string, ...bindings: SqlStorageValue[]): T[] {
    return this.sql.exec<T>(query, ...bindings).toArray();
  }

  // ——— meta ———

  meta(k: string): string | null {
    return this.rows<{ v: string }>("select v from meta where k = ?", k)[0]?.v ?? null;
  }

  setMeta(k: string, v: string): void {
    this.sql.exec("insert into meta (k, v) values (?, ?) on conflict (k) do update set v = excluded.v", k, v);
  }

  /** The user's zone and quiet hours as last read (API requests pass them; passes refresh them). */
  saveSettings(s: UserSettings): void {
    this.setMeta("settings", JSON.stringify(s));
  }

  settings(): UserSettings | null {
    const v = this.meta("settings");
    return v ? (JSON.parse(v) as UserSettings) : null;
  }

  // ——— schedules ———

  schedule(id: string): ScheduleRecord | undefined {
    const r = this.rows<{ record: string }>("select record from schedules where id = ?", id)[0];
    return r ? (JSON.parse(r.record) as ScheduleRecord) : undefined;
  }

  schedules(): ScheduleRecord[] {
    return this.rows<{ record: string }>("select record from schedules").map((r) => JSON.parse(r.record) as ScheduleRecord);
  }

  putSchedule(s: ScheduleRecord): void {
    this.sql.exec(
      "insert into schedules (id, record) values (?, ?) on conflict (id) do update set record = excluded.record, version = version + 1",
      s.id,
      JSON.stringify(s),
    );
  }

  deleteSchedule(id: string): void {
    this.sql.exec("delete from occurrences where schedule_id = ?", id);
    this.sql.exec("delete from gone where schedule_id = ?", id);
    this.sql.exec("delete from schedules where id = ?", id);
  }

  // ——— occurrences ———

  occurrence(scheduleId: string, key: string): Occurrence | undefined {
    const r = this.rows<{ body: string }>("select body from occurrences where schedule_id = ? and key = ?", scheduleId, key)[0];
    return r ? (JSON.parse(r.body) as Occurrence) : undefined;
  }

  private list(where: string, ...b: SqlStorageValue[]): Occurrence[] {
    return this.rows<{ body: string }>(`select body from occurrences ${where}`, ...b).map((r) => JSON.parse(r.body) as Occurrence);
  }

  occurrencesOf(scheduleId: string): Occurrence[] {
    return this.list("where schedule_id = ? order by json_extract(body, '$.slotMs')", scheduleId);
  }

  /** Open occurrences whose time has come: the least-tried first, then the most overdue. */
  due(nowMs: number): Occurrence[] {
    return this.list("where fire_ms is not null and fire_ms <= ? order by json_extract(body, '$.tries'), fire_ms", nowMs);
  }

  open(): Occurrence[] {
    return this.list("where fire_ms is not null order by fire_ms");
  }

  settled(limit: number): Occurrence[] {
    return this.list("where fire_ms is null order by json_extract(body, '$.updatedMs') desc limit ?", limit);
  }

  /** Write an occurrence (insert or full replace). */
  putOccurrence(o: Occurrence): void {
    this.sql.exec(
      `insert into occurrences (schedule_id, key, fire_ms, status, body) values (?, ?, ?, ?, ?)
       on conflict (schedule_id, key) do update set fire_ms = excluded.fire_ms, status = excluded.status, body = excluded.body, version = version + 1`,
      o.scheduleId,
      o.key,
      o.fireMs,
      o.status,
      JSON.stringify(o),
    );
    this.sql.exec("delete from gone where schedule_id = ? and key = ?", o.scheduleId, o.key);
  }

  /** Forget occurrences that haven't started (an edit or pause replans them); Neon forgets them too. */
  dropPending(scheduleId: string): void {
    for (const o of this.list("where schedule_id = ? and status = 'pending' and json_extract(body, '$.attempt') = 0", scheduleId)) {
      this.sql.exec("delete from occurrences where schedule_id = ? and key = ?", o.scheduleId, o.key);
      this.sql.exec("insert or ignore into gone (schedule_id, key) values (?, ?)", o.scheduleId, o.key);
    }
  }

  /** When the agenda must wake up next. */
  nextFireMs(): number | null {
    return this.rows<{ t: number | null }>("select min(fire_ms) as t from occurrences where fire_ms is not null")[0]?.t ?? null;
  }

  nextFireOf(scheduleId: string): number | null {
    return this.rows<{ t: number | null }>("select min(fire_ms) as t from occurrences where schedule_id = ? and fire_ms is not null", scheduleId)[0]?.t ?? null;
  }

  // ——— mirror bookkeeping ———

  dirtySchedules(): Array<{ record: ScheduleRecord; version: number; nextDue: number | null }> {
    const rows = this.rows<{ record: string; version: number; mirrored_version: number; mirrored_next_due: number | null; id: string }>(
      "select id, record, version, mirrored_version, mirrored_next_due from schedules",
    );
    return rows
      .map((r) => ({ record: JSON.parse(r.record) as ScheduleRecord, version: r.version, nextDue: this.nextFireOf(r.id), was: r }))
      .filter((x) => x.was.version > x.was.mirrored_version || x.nextDue !== x.was.mirrored_next_due)
      .map(({ record, version, nextDue }) => ({ record, version, nextDue }));
  }

  markScheduleMirrored(id: string, version: number, nextDue: number | null): void {
    this.sql.exec("update schedules set mirrored_version = max(mirrored_version, ?), mirrored_next_due = ? where id = ?", version, nextDue, id);
  }

  /** Changed occurrences of schedules Neon already has (a run can't be written before its schedule). */
  dirtyOccurrences(limit = 500): Array<{ occ: Occurrence; version: number }> {
    return this.rows<{ body: string; version: number }>(
      `select body, version from occurrences where version > mirrored_version
       and schedule_id in (select id from schedules where mirrored_version > 0) limit ?`,
      limit,
    ).map((r) => ({
      occ: JSON.parse(r.body) as Occurrence,
      version: r.version,
    }));
  }

  /** Record a mirrored version, and the run id Neon keeps for the occurrence if it differs. */
  markOccurrenceMirrored(scheduleId: string, key: string, version: number, runId: string): void {
    const o = this.occurrence(scheduleId, key);
    if (o && o.runId !== runId) this.sql.exec("update occurrences set body = json_set(body, '$.runId', ?) where schedule_id = ? and key = ?", runId, scheduleId, key);
    this.sql.exec("update occurrences set mirrored_version = max(mirrored_version, ?) where schedule_id = ? and key = ?", version, scheduleId, key);
  }

  gone(): Array<{ scheduleId: string; occurrenceKey: string }> {
    return this.rows<{ schedule_id: string; key: string }>("select schedule_id, key from gone").map((r) => ({ scheduleId: r.schedule_id, occurrenceKey: r.key }));
  }

  clearGone(keys: Array<{ scheduleId: string; occurrenceKey: string }>): void {
    for (const k of keys) this.sql.exec("delete from gone where schedule_id = ? and key = ?", k.scheduleId, k.occurrenceKey);
  }

  /** Settled, mirrored occurrences older than this are Neon's to remember. */
  pruneSettled(beforeMs: number): void {
    this.sql.exec("delete from occurrences where fire_ms is null and version = mirrored_version and json_extract(body, '$.updatedMs') < ?", beforeMs);
  }

  clear(): void {
    for (const t of ["occurrences", "gone", "schedules", "meta"]) this.sql.exec(`delete from ${t}`);
  }
}
