// Package console serves connectd's web console under /console/: an
// overview of the account's instances in a region, a queue board, contact
// search, a contact's page (fields, timeline, its path on its flow's
// diagram, actions), a flow's diagram, an agent's workspace with a new-task
// form, and the manual clock's controls.
//
// Every page reads and every form writes through connect.Service, the API's
// own methods: the console has no other path to the data and no rule of its
// own. Pages are html/template rendered on the server from embedded
// templates; a small script (native EventSource) refreshes the live parts
// of a page when the contact event stream says something changed.
//
// Access: a signed session cookie (HttpOnly, SameSite=Strict, expiring)
// names the account and region the console acts in. In permissive mode the
// console hands one out for the default account; in strict mode only the
// sign-in page does, after checking an access key ID and its secret against
// the credentials the API's SigV4 verifier uses. The secret is never
// stored. Every POST carries a CSRF token bound to the session, and
// cross-origin POSTs are refused (http.CrossOriginProtection).
package console
