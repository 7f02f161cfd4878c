// Package events delivers connectd's contact events: the EventBridge-shaped
// "Amazon Connect Contact Event" records that the service writes to the
// store's outbox in the same transaction as each change of a contact's state.
//
// A Dispatcher reads the outbox (a Source) in Seq order and hands every
// record to two kinds of consumer:
//
//   - Webhooks: each configured URL gets an HTTP POST of every record's Body,
//     one at a time, in Seq order. Failed posts (a transport error, or a
//     status outside 2xx) are retried for ever with capped, jittered
//     exponential backoff; a record is never skipped, because a later record
//     of the same contact must not overtake it. Each webhook keeps a durable
//     cursor (the Seq of the last record it delivered) in a CursorStore.
//   - Server-Sent Events subscribers (Subscribe, Handler): every record of
//     one partition (the subscriber's account and region) after a starting
//     Seq, optionally only those of one instance, in Seq order.
//
// Webhooks are the operator's: they get every partition's records, and each
// Body's top-level "account" and "region" (EventBridge's own fields) say
// whose it is. Subscribers are callers of the API: a subscriber sees only
// its own partition's records, whatever its instance filter or starting Seq.
//
// # Guarantees
//
// Order. Every consumer sees records in increasing Seq order with none
// missing (within its partition and instance filter), so the events of a
// contact arrive in the order they were committed, and so do events one of
// which was caused by the other's commit. Seqs number the records of every
// partition, so one partition's Seqs have gaps; resuming after a Seq gives
// the partition's next records after it. The Source returns only final
// Seqs (connect.EventRecord): on PostgreSQL a record is returned once
// every write transaction older than its own has ended (see
// internal/postgres), so a record committed while an older transaction
// runs on another node is delivered when that one ends (a Notify's read
// finds it, or the next poll). A Seq is one int64 on every store; an SSE
// id or a webhook cursor written by an earlier connectd resumes as before.
//
// Webhooks are at-least-once. A webhook's cursor is saved after each batch of
// successful posts and when the Dispatcher stops, and Stop lets a post in
// flight finish (each attempt is bounded by Config.Timeout) so that its
// outcome is known. Hence after a clean Stop and a restart a webhook gets no
// record twice (unless saving its cursor failed, which is logged) and misses
// none; after a crash it gets again the records posted since the last saved
// cursor (normally at most Config.BatchSize of them). Receivers that must not act twice should deduplicate on the
// EventBridge "id" of the Body, which is stable for a record. A webhook seen
// for the first time (no saved cursor) starts after the last record
// committed when the Dispatcher starts, as an EventBridge rule gets only the
// events emitted after it was created; its cursor is saved at once, so a
// crash before its first delivery loses nothing.
//
// SSE subscribers are at-least-once across reconnections: every event
// carries its Seq as the SSE id, and a client that reconnects with
// Last-Event-ID resumes right after it, for as long as the outbox still holds
// the records.
//
// Isolation. Nothing here blocks an API call: the service only commits to the
// outbox and calls Notify, which never blocks. A slow SSE client or a dead
// webhook holds up only itself. The Dispatcher keeps the latest records in a
// bounded in-memory window (Config.Buffer) that serves every consumer keeping
// up; a consumer that falls behind the window reads what it missed from the
// Source by Seq, so memory stays bounded however far behind it is, and it
// never loses a record. A subscriber skips other partitions' records in the
// window and reads only its own partition's from the Source
// (PartitionEventsAfter), so other partitions' records cost it no reads when
// it catches up and never keep it waiting. At most Config.MaxSubscribers
// subscriptions are open at once, and an event stream whose client does not
// take a write within Config.WriteTimeout is dropped (its client resumes with
// Last-Event-ID), so stalled clients cannot keep the slots.
//
// Cluster. Delivery reads the shared outbox, not in-process calls, so a node
// streams and posts the events committed by every node. Notify is the
// low-latency path for commits made by this node (or announced by
// PostgreSQL LISTEN/NOTIFY); polling every Config.PollInterval is the
// fallback that finds the rest. Webhook cursors are shared through the
// CursorStore but not claimed: two nodes configured with the same webhook
// would both post every record, so in a cluster only one node at a time (the
// leader) should be given Webhooks.
package events
