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


def test_reset_removes_what_the_last_test_made(connect, instance):
    found = connect.search_contacts(
        InstanceId=instance["Id"],
        TimeRange={"Type": "INITIATION_TIMESTAMP",
                   "StartTime": datetime.datetime(2000, 1, 1), "EndTime": datetime.datetime(2100, 1, 1)})
    assert found["Contacts"] == []


def test_a_scheduled_task_starts_when_the_clock_gets_there(connect, connectd, instance):
    now = admin(connectd, "GET", "/_connectd/v1/clock")["Now"]
    when = datetime.datetime.fromtimestamp(now + 3600, tz=datetime.timezone.utc)
    started = connect.start_task_contact(
        InstanceId=instance["Id"], ContactFlowId=instance["DefaultTaskFlowId"],
        Name="Later", ScheduledTime=when)
    admin(connectd, "POST", "/_connectd/v1/clock", {"AdvanceSeconds": 3600})
    contact = connect.describe_contact(InstanceId=instance["Id"], ContactId=started["ContactId"])["Contact"]
    assert "ScheduledTimestamp" in contact


def test_refusals_are_amazon_connects(connect, instance):
    with pytest.raises(ClientError) as e:
        connect.describe_contact(InstanceId=instance["Id"], ContactId="no-such-contact")
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
