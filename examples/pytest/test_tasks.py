"""Examples of tests against connectd: see conftest.py for the fixtures."""

import datetime

import pytest
from botocore.exceptions import ClientError

from conftest import admin


def test_start_and_describe_a_task(connect, instance):
    started = connect.start_task_contact(
        InstanceId=instance["Id"], ContactFlowId=instance["DefaultTaskFlowId"],
        Name="Call back", Attributes={"ticket": "T-1"})
    contact = connect.describe_contact(InstanceId=instance["Id"], ContactId=started["ContactId"])["Contact"]
    assert contact["Channel"] == "TASK"
    assert contact["Name"] == "Call back"


def test_a_test_makes_a_queue(connect, instance):
    hours = connect.list_hours_of_operations(InstanceId=instance["Id"])["HoursOfOperationSummaryList"][0]
    connect.create_queue(InstanceId=instance["Id"], Name="Escalations", HoursOfOperationId=hours["Id"])


def test_the_next_test_starts_without_it(connect, instance):
    names = [q["Name"] for q in connect.list_queues(InstanceId=instance["Id"])["QueueSummaryList"]]
    assert "Escalations" not in names
    assert "BasicQueue" in names  # what a first start creates is back


def test_a_scheduled_task_starts_when_the_clock_gets_there(connect, connectd, instance):
    now = admin(connectd, "GET", "/_connectd/v1/clock")["Now"]
    when = datetime.datetime.fromtimestamp(now + 3600, tz=datetime.timezone.utc)
    started = connect.start_task_contact(
        InstanceId=instance["Id"], ContactFlowId=instance["DefaultTaskFlowId"],
        Name="Later", ScheduledTime=when)
    before = connect.describe_contact(InstanceId=instance["Id"], ContactId=started["ContactId"])["Contact"]
    assert "QueueInfo" not in before  # still scheduled
    admin(connectd, "POST", "/_connectd/v1/clock", {"SetTime": now + 3600})
    after = connect.describe_contact(InstanceId=instance["Id"], ContactId=started["ContactId"])["Contact"]
    assert "QueueInfo" in after  # started: its flow queued it


def test_refusals_are_amazon_connects(connect, instance):
    with pytest.raises(ClientError) as e:
        connect.describe_contact(InstanceId=instance["Id"], ContactId="no-such-contact")
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
