package events

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync/atomic"
)

// webhook is one configured URL and its delivery position.
type webhook struct {
	url    string // as configured, credentials included: only to post to
	logURL string // without its user information, for logs and errors
	cursor string // name of its cursor in the CursorStore
	pos    int64  // Seq of the last record delivered, set by Start
	// delivered is pos as runWebhook advances it, for WebhookLags.
	delivered atomic.Int64
}

func newWebhook(raw string) (*webhook, error) {
	if err := ValidateWebhook(raw); err != nil {
		return nil, err
	}
	return &webhook{url: raw, logURL: publicURL(raw), cursor: CursorName(raw)}, nil
}

// CursorName is the name of the cursor of the webhook raw (a URL
// ValidateWebhook accepts) in the CursorStore: "webhook:" followed by the
// URL without its user information. A password (or a token given as the
// user) is thus never stored, and changing it keeps the webhook's position.
// A URL without user information keeps the name it always had.
func CursorName(raw string) string { return "webhook:" + publicURL(raw) }

// LegacyCursorName is the name earlier versions gave the cursor of the
// webhook raw, the whole URL with its credentials, and whether it differs
// from CursorName(raw), which it does only for URLs with user information.
// A cursor found under it is to be moved to CursorName(raw) and deleted.
func LegacyCursorName(raw string) (string, bool) {
	legacy := "webhook:" + raw
	return legacy, legacy != CursorName(raw)
}

// publicURL is raw without its user information, to log and to name it by;
// raw itself when it has none (or does not parse).
func publicURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	u.User = nil
	return u.String()
}

// ValidateWebhook reports whether raw can be a webhook: an absolute http or
// https URL with a host.
func ValidateWebhook(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		// The error names the URL, password included: keep only its reason.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("events: webhook URL is not valid: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("events: webhook URL %s is not an absolute http or https URL", publicURL(raw))
	}
	return nil
}

// loadCursor sets w.pos from its saved cursor. A webhook without one starts
// at head, saved at once so that a crash before its first delivery does not
// skip the records committed meanwhile. A cursor beyond head (the outbox was
// reset) is brought back to head.
func (d *Dispatcher) loadCursor(ctx context.Context, w *webhook, head int64) error {
	pos, ok, err := d.cursors.LoadCursor(ctx, w.cursor)
	if err != nil {
		return fmt.Errorf("events: load cursor of webhook %s: %w", w.logURL, err)
	}
	switch {
	case !ok:
		if err := d.cursors.SaveCursor(ctx, w.cursor, head); err != nil {
			return fmt.Errorf("events: save cursor of webhook %s: %w", w.logURL, err)
		}
		pos = head
	case pos > head:
		d.log.Warn("events: webhook cursor is beyond the outbox; starting at its end", "webhook", w.logURL, "cursor", pos, "last_seq", head)
		pos = head
	}
	w.pos = pos
	w.delivered.Store(pos)
	return nil
}

// runWebhook posts every record after w.pos to w in Seq order, saving the
// cursor after each batch and on the way out, until ctx ends.
func (d *Dispatcher) runWebhook(ctx context.Context, w *webhook) {
	pos, saved := w.pos, w.pos
	defer func() {
		if pos != saved {
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.timeout)
			defer cancel()
			d.saveCursor(sctx, w, pos)
		}
	}()
	failures := 0
	for {
		recs, err := d.read(ctx, pos, nil) // webhooks get every partition's records
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			d.log.Warn("events: read outbox for webhook", "webhook", w.logURL, "after", pos, "attempt", failures+1, "err", err)
			if !sleep(ctx, backoff(failures, d.retryMin, d.retryMax)) {
				return
			}
			failures++
			continue
		}
		failures = 0
		for _, r := range recs {
			if !d.deliver(ctx, w, r) {
				return
			}
			pos = r.Seq
			w.delivered.Store(pos)
		}
		if d.saveCursor(ctx, w, pos) {
			saved = pos
		}
	}
}

// saveCursor saves pos as w's cursor. A failure is logged and otherwise
// ignored: delivery goes on, and the next save catches up.
func (d *Dispatcher) saveCursor(ctx context.Context, w *webhook, pos int64) bool {
	if err := d.cursors.SaveCursor(ctx, w.cursor, pos); err != nil {
		d.log.Warn("events: save webhook cursor", "webhook", w.logURL, "seq", pos, "err", err)
		return false
	}
	return true
}

// deliver posts r to w until it succeeds, and reports false if ctx ended
// first. An attempt under way when ctx ends is let finish, so that its
// outcome is known.
func (d *Dispatcher) deliver(ctx context.Context, w *webhook, r Record) bool {
	for attempt := 0; ; attempt++ {
		if ctx.Err() != nil {
			return false
		}
		err := d.post(ctx, w, r)
		if err == nil {
			if attempt > 0 {
				d.log.Info("events: webhook delivered after retries", "webhook", w.logURL, "seq", r.Seq, "attempts", attempt+1)
			}
			return true
		}
		d.log.Warn("events: webhook delivery failed", "webhook", w.logURL, "seq", r.Seq, "attempt", attempt+1, "err", err)
		if !sleep(ctx, backoff(attempt, d.retryMin, d.retryMax)) {
			return false
		}
	}
}

// post makes one attempt to deliver r to w.
func (d *Dispatcher) post(ctx context.Context, w *webhook, r Record) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(r.Body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "connectd")
	resp, err := d.client.Do(req)
	if err != nil {
		// net/http masks the password of the URL it names, not the user
		// (which may be a token): name it as the logs do.
		if ue, ok := errors.AsType[*url.Error](err); ok {
			ue.URL = w.logURL
		}
		return err
	}
	// Read a little of the body so that the connection can be reused.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("status %s", resp.Status)
	}
	return nil
}
