package connect_test

import (
	"testing"
	"time"

	"connectd/internal/connect"
)

func TestHoursOfOperationLifecycle(t *testing.T) {
	t.Parallel()
	b := setupAgents(t)
	ctx := t.Context()
	h, err := b.svc.CreateHoursOfOperation(ctx, b.p, connect.CreateHoursOfOperationInput{InstanceID: b.inst, Name: "Office",
		TimeZone: "America/New_York", Config: []connect.HoursConfig{{Day: "MONDAY", StartHours: 9, EndHours: 17}}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.svc.CreateHoursOfOperation(ctx, b.p, connect.CreateHoursOfOperationInput{InstanceID: b.inst, Name: "Office", TimeZone: "UTC"})
	wantKind(t, "CreateHoursOfOperation(same name)", err, connect.Duplicate)
	err = b.svc.UpdateHoursOfOperation(ctx, b.p, connect.UpdateHoursOfOperationInput{InstanceID: b.inst, ID: h.ID, Name: new(connect.BasicHoursName)})
	wantKind(t, "UpdateHoursOfOperation(taken name)", err, connect.Duplicate)
	if err := b.svc.UpdateHoursOfOperation(ctx, b.p, connect.UpdateHoursOfOperationInput{InstanceID: b.inst, ID: h.ID,
		Name: new("Office"), TimeZone: new("Asia/Tokyo")}); err != nil {
		t.Errorf("UpdateHoursOfOperation(own name) = %v", err)
	}
	b.clock.Advance(time.Minute)
	if err := b.svc.UpdateHoursOfOperation(ctx, b.p, connect.UpdateHoursOfOperationInput{InstanceID: b.inst, ID: h.ID,
		Config: []connect.HoursConfig{}}); err != nil {
		t.Fatal(err)
	}
	got, err := b.svc.DescribeHoursOfOperation(ctx, b.p, b.inst, h.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Office" || got.TimeZone != "Asia/Tokyo" || len(got.Config) != 0 || !got.LastModified.Equal(b.clock.Now()) {
		t.Errorf("after updates = %+v", got)
	}
	if _, err := b.svc.CreateQueue(ctx, b.p, connect.CreateQueueInput{InstanceID: b.inst, Name: "Q", HoursOfOperationID: h.ID}); err != nil {
		t.Fatal(err)
	}
	wantKind(t, "DeleteHoursOfOperation(in use)", b.svc.DeleteHoursOfOperation(ctx, b.p, b.inst, h.ID), connect.Conflict)
	h2, err := b.svc.CreateHoursOfOperation(ctx, b.p, connect.CreateHoursOfOperationInput{InstanceID: b.inst, Name: "Spare", TimeZone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.svc.DeleteHoursOfOperation(ctx, b.p, b.inst, h2.ID); err != nil {
		t.Fatal(err)
	}
	wantKind(t, "DeleteHoursOfOperation again", b.svc.DeleteHoursOfOperation(ctx, b.p, b.inst, h2.ID), connect.NotFound)
	_, err = b.svc.CreateHoursOfOperation(ctx, b.p, connect.CreateHoursOfOperationInput{InstanceID: b.inst, Name: "P", TimeZone: "UTC", ParentHours: 1})
	wantKind(t, "CreateHoursOfOperation(parents)", err, connect.Invalid)
}
