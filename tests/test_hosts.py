"""Who may reach the app: allowed Host names, login settings and the warnings at start."""

import pytest

from kumeqa.hosts import allowed_hosts, is_loopback, launch_warnings, parse_auth
from kumeqa.ui import parse_args


def test_loopback_names_and_the_bound_host_are_allowed_wildcards_are_not():
    assert allowed_hosts("127.0.0.1") == ("localhost", "127.0.0.1", "[::1]")
    assert allowed_hosts("192.168.1.20")[-1] == "192.168.1.20"
    assert allowed_hosts("0.0.0.0") == allowed_hosts("::") == ("localhost", "127.0.0.1", "[::1]")
    assert allowed_hosts("0.0.0.0", ["Kumeqa.Example.org", "fe80::1"])[-2:] == ("kumeqa.example.org", "[fe80::1]")


@pytest.mark.parametrize(
    "host, loopback",
    [("127.0.0.1", True), ("127.0.0.2", True), ("localhost", True), ("::1", True), ("[::1]", True)]
    + [("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("kumeqa.example.org", False)],
)
def test_what_counts_as_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_binding_beyond_loopback_without_login_warns():
    assert launch_warnings("127.0.0.1", None) == []
    warnings = launch_warnings("0.0.0.0", None)
    assert len(warnings) == 2
    assert "without --auth" in warnings[0] and "--allowed-host" in warnings[1]
    assert launch_warnings("192.168.1.20", ("a", "b")) == []
    assert launch_warnings("0.0.0.0", ("a", "b"), ["kumeqa.example.org"]) == []


def test_auth_is_user_colon_password():
    assert parse_auth(None) is None and parse_auth("") is None
    assert parse_auth("ekip:uzun:parola") == ("ekip", "uzun:parola")
    for bad in ("ekip", ":parola", "ekip:"):
        with pytest.raises(ValueError, match="user:password"):
            parse_auth(bad)


def test_options_come_from_the_environment_too(monkeypatch):
    monkeypatch.setenv("KUMEQA_READ_ONLY", "1")
    monkeypatch.setenv("KUMEQA_AUTH", "ekip:parola")
    monkeypatch.setenv("KUMEQA_ALLOWED_HOSTS", "a.example, b.example")
    args = parse_args([])
    assert args.read_only is True and args.auth == "ekip:parola"
    assert [h.strip() for h in args.allowed_host] == ["a.example", "b.example"]
    monkeypatch.setenv("KUMEQA_READ_ONLY", "0")
    assert parse_args(["--allowed-host", "c.example"]).read_only is False
