"""The `rtml` fixture and `@pytest.mark.rtml(...)` marker, as a user's project sees them."""
from __future__ import annotations

import subprocess
import sys

import pytest

pytest_plugins = ["pytester"]

# The throwaway project gets no conftest of ours: the fixture must come from the pytest11 entry point.
# It runs with our hygiene: warnings are errors and only loopback sockets may connect.
_ARGS = (
    "-p", "no:randomly", "-p", "no:cacheprovider", "--disable-socket", "--allow-hosts=127.0.0.1,localhost",
    "-W", "error", "-W", "ignore:Boto3 will no longer support Python 3.9:boto3.exceptions.PythonDeprecationWarning",
)  # fmt: skip


def test_rtml_fixture_comes_from_the_entry_point_and_answers_requests(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3
        import pytest
        from botocore.exceptions import ClientError

        ARN = "arn:aws:comprehend:us-east-1:123456789012:document-classifier-endpoint/nope"

        def test_describe_missing_endpoint(rtml):
            client = boto3.client("comprehend", region_name="us-east-1")
            with pytest.raises(ClientError) as info:
                client.describe_endpoint(EndpointArn=ARN)
            assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
            assert [c.operation for c in rtml.calls] == ["DescribeEndpoint"]

        def test_state_starts_empty_in_every_test(rtml):
            client = boto3.client("comprehend", region_name="us-east-1")
            assert client.list_endpoints()["EndpointPropertiesList"] == []
            rtml.add_endpoint("ep", rtml.add_document_classifier("c", {"A": ["a"], "B": ["b"]}))
        """
    )
    result = pytester.runpytest(*_ARGS)
    result.assert_outcomes(passed=2)


def test_marker_is_registered_for_strict_markers(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.rtml(**options)*"])


def test_manual_clock_marker_freezes_the_clock_until_advanced(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.rtml(clock="manual")
        def test_frozen(rtml):
            start = rtml.clock.now()
            assert rtml.clock.now() == start
            rtml.clock.advance(5)
            assert rtml.clock.now() == start + 5
        """
    )
    result = pytester.runpytest("--strict-markers", *_ARGS)
    result.assert_outcomes(passed=1)


def test_unknown_marker_option_is_an_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.rtml(speed="fast")
        def test_speed(rtml):
            pass
        """
    )
    result = pytester.runpytest(*_ARGS)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*TypeError*speed*"])


def test_unknown_clock_in_marker_is_an_error_naming_the_accepted_values(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.rtml(clock="bogus")
        def test_clock(rtml):
            pass
        """
    )
    result = pytester.runpytest(*_ARGS)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*ValueError*manual*"])


def test_positional_marker_argument_is_an_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.rtml("manual")
        def test_positional(rtml):
            pass
        """
    )
    result = pytester.runpytest(*_ARGS)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*TypeError*keyword*"])


def test_loading_the_plugin_imports_neither_botocore_nor_moto() -> None:
    """pytest loads the plugin in every run where mock_rtml is installed, used or not."""
    script = "import sys, mock_rtml.pytest_plugin; print(sorted({m.split('.')[0] for m in sys.modules} & {'boto3', 'botocore', 'moto', 'regex'}))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_transitions_marker_applies_to_its_test_only(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3
        import pytest

        def status(client, arn):
            return client.describe_endpoint(EndpointArn=arn)["EndpointProperties"]["Status"]

        def make_endpoint(rtml):
            model = rtml.add_document_classifier("news", {"A": ["alpha"], "B": ["beta"]})
            client = boto3.client("comprehend", region_name="us-east-1")
            return client, client.create_endpoint(EndpointName="ep", ModelArn=model, DesiredInferenceUnits=1)["EndpointArn"]

        @pytest.mark.rtml(clock="manual", transitions={"comprehend::endpoint": {"progression": "time", "seconds": 600}})
        def test_a_marked_test_walks_the_progression(rtml):
            client, arn = make_endpoint(rtml)
            assert status(client, arn) == "CREATING"
            rtml.clock.advance(600)
            assert status(client, arn) == "IN_SERVICE"

        def test_an_unmarked_test_has_the_default(rtml):
            client, arn = make_endpoint(rtml)
            assert status(client, arn) == "IN_SERVICE"

        @pytest.mark.rtml(transitions={"comprehend::endpoints": {"progression": "immediate"}})
        def test_an_unknown_model_name(rtml):
            pass
        """
    )
    result = pytester.runpytest(*_ARGS)
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*ValueError*unknown model 'comprehend::endpoints'*"])
