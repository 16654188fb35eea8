"""The demo logins `haven serve` prints first (registered in DemoConfig.ready())."""

from haven.core.login_hints import LoginHints


def demo_login_hints() -> LoginHints | None:
    """The demo logins present in the database and their one password; None without any."""
    from haven.demo.staff import DEMO_PASSWORD, demo_logins

    logins = demo_logins()
    return LoginHints(f"Demo logins (password for each: {DEMO_PASSWORD}):", logins) if logins else None
