#!/usr/bin/env python3
"""Checks that Metronome's official Python SDK (`pip install metronome-sdk`) works unchanged
against `segment-metronome serve-mock` and gets the same error classes as from Metronome
(SEMANTICS 6.7: 400 BadRequestError, 401 AuthenticationError, 403 PermissionDeniedError,
429 RateLimitError, >= 500 InternalServerError, a dropped connection APIConnectionError).

`ServeMockCommandTests` (swift test) runs it once per fault mode against the built binary. It
starts nothing itself: start the stand-in, then run this script against it, with --expect saying
how the stand-in was started:

    segment-metronome serve-mock --port 8080 --token T                    # --expect ok
    segment-metronome serve-mock --port 8080 --token T --throttle-rate 1 --retry-after 0.05  # --expect throttle
    segment-metronome serve-mock --port 8080 --token T --fail-rate 1      # --expect fail
    segment-metronome serve-mock --port 8080 --token T --fail-after-partial-rate 1   # --expect fail
    segment-metronome serve-mock --port 8080 --token T --drop-rate 1      # --expect drop

    python3 Tests/SegmentMetronomeCLITests/Fixtures/sdk_compat.py http://127.0.0.1:8080 --token T --expect ok

Prints PASS or FAIL per case and exits 1 when any case fails. The SDK's own retries are
turned off (max_retries=0) so that each case sees the first answer, except in the throttle
case that checks the SDK's default retries (2, honouring Retry-After) end in RateLimitError.
"""

import argparse
import datetime
import sys
import uuid

import metronome


def event(transaction_id, **overrides):
    now = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)
    value = {
        "transaction_id": transaction_id,
        "customer_id": "sdk-compat-customer",
        "event_type": "api_call",
        "timestamp": now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z",
        "properties": {"endpoint": "/v1/users", "count": "3"},
    }
    value.update(overrides)
    return value


def batch(size):
    run = uuid.uuid4().hex[:12]
    return [event(f"sdk-{run}-{index}") for index in range(size)]


def expect_success(client):
    client.v1.usage.ingest(usage=batch(100))


def expect_error(error_class, call):
    def run(client):
        try:
            call(client)
        except error_class as error:
            status = getattr(error, "status_code", None)
            return f"{type(error).__name__}" + (f" (HTTP {status})" if status else "")
        raise AssertionError(f"expected {error_class.__name__}, but the call succeeded")

    return run


def cases(base_url, token, expect):
    good = metronome.Metronome(bearer_token=token, base_url=base_url, max_retries=0, timeout=10)
    wrong = metronome.Metronome(bearer_token=token + "-wrong", base_url=base_url, max_retries=0, timeout=10)
    if expect == "ok":
        yield "valid batch of 100 events is accepted", good, expect_success
        yield "resending the same batch is accepted (duplicates ignored)", good, lambda c: _resend(c)
        yield "one bad event -> BadRequestError", good, expect_error(
            metronome.BadRequestError,
            lambda c: c.v1.usage.ingest(usage=batch(3) + [event("")]),
        )
        yield "timestamp 2 days ahead -> BadRequestError", good, expect_error(
            metronome.BadRequestError,
            lambda c: c.v1.usage.ingest(
                usage=[event(uuid.uuid4().hex, timestamp=_in_days(2))]
            ),
        )
        yield "101 events -> BadRequestError", good, expect_error(
            metronome.BadRequestError, lambda c: c.v1.usage.ingest(usage=batch(101))
        )
        yield "empty array -> BadRequestError", good, expect_error(
            metronome.BadRequestError, lambda c: c.v1.usage.ingest(usage=[])
        )
        yield "wrong token -> PermissionDeniedError", wrong, expect_error(
            metronome.PermissionDeniedError, lambda c: c.v1.usage.ingest(usage=batch(1))
        )
        # The SDK always sends its token; remove the header (the SDK's `omit`) to get a 401.
        yield "no Authorization header -> AuthenticationError", good, expect_error(
            metronome.AuthenticationError,
            lambda c: c.v1.usage.ingest(usage=batch(1), extra_headers={"Authorization": metronome.omit}),
        )
    elif expect == "throttle":
        yield "throttled -> RateLimitError", good, expect_error(
            metronome.RateLimitError, lambda c: c.v1.usage.ingest(usage=batch(10))
        )
        # The SDK's default retries (2) honour the stand-in's Retry-After, then give up.
        retrying = metronome.Metronome(bearer_token=token, base_url=base_url, timeout=10)
        yield "throttled, after the SDK's retries -> RateLimitError", retrying, expect_error(
            metronome.RateLimitError, lambda c: c.v1.usage.ingest(usage=batch(10))
        )
    elif expect == "fail":
        yield "server error -> InternalServerError", good, expect_error(
            metronome.InternalServerError, lambda c: c.v1.usage.ingest(usage=batch(10))
        )
    elif expect == "drop":
        yield "dropped connection -> APIConnectionError", good, expect_error(
            metronome.APIConnectionError, lambda c: c.v1.usage.ingest(usage=batch(10))
        )


def _resend(client):
    usage = batch(50)
    client.v1.usage.ingest(usage=usage)
    client.v1.usage.ingest(usage=usage)


def _in_days(days):
    when = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", help="the stand-in's base URL, e.g. http://127.0.0.1:8080")
    parser.add_argument("--token", required=True, help="the token the stand-in was started with")
    parser.add_argument(
        "--expect",
        choices=["ok", "throttle", "fail", "drop"],
        default="ok",
        help="how the stand-in was started: no faults, --throttle-rate 1 (with a short --retry-after), "
        "--fail-rate 1 (or --fail-after-partial-rate 1) or --drop-rate 1",
    )
    arguments = parser.parse_args()
    print(f"metronome-sdk {metronome.__version__} against {arguments.base_url} (expect {arguments.expect})")
    failures = 0
    for name, client, run in cases(arguments.base_url, arguments.token, arguments.expect):
        try:
            detail = run(client)
            print(f"PASS  {name}" + (f": {detail}" if detail else ""))
        except Exception as error:  # any other outcome is a failure of the case
            failures += 1
            print(f"FAIL  {name}: {type(error).__name__}: {error}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
