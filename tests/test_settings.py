"""Settings that depend on the environment: PostgreSQL's parameter binding."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

CODE = ("from django.conf import settings as s; import json; "
        "print(json.dumps(s.DATABASES['default'].get('OPTIONS', {})))")


def database_options(**env: str) -> dict[str, object]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTREG_") and k != "DATABASE_URL"}
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120,
                         env={**clean, **env, "DJANGO_SETTINGS_MODULE": "trustreg.settings"})
    assert out.returncode == 0, out.stderr
    options: dict[str, object] = json.loads(out.stdout)
    return options


PG = "postgres://postgres@127.0.0.1:5432/any"


@pytest.mark.parametrize("env", [{"DATABASE_URL": PG}, {"DATABASE_URL": PG, "TRUSTREG_PG_SERVER_BINDING": "0"}])
def test_postgresql_binds_parameters_on_the_client_and_prepares_nothing_by_default(env):
    options = database_options(**env)
    assert "server_side_binding" not in options and "prepare_threshold" not in options


def test_server_side_binding_and_prepared_statements_are_opt_in_on_postgresql_only():
    assert database_options(DATABASE_URL=PG, TRUSTREG_PG_SERVER_BINDING="1") == {
        "server_side_binding": True, "prepare_threshold": 1}
    sqlite = database_options(DATABASE_URL="sqlite:////tmp/x.sqlite3", TRUSTREG_PG_SERVER_BINDING="1")
    assert "server_side_binding" not in sqlite


def setting(name: str, **env: str) -> object:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTREG_") and k != "DATABASE_URL"}
    code = f"from django.conf import settings as s; import json; print(json.dumps(s.{name}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**clean, **env, "DJANGO_SETTINGS_MODULE": "trustreg.settings"})
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_whitenoise_serves_the_collected_compressed_copies_alone_once_collectstatic_has_run(tmp_path):
    var = str(tmp_path)
    assert setting("WHITENOISE_USE_FINDERS", TRUSTREG_VAR=var) is True  # nothing collected: the apps' files
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    assert setting("WHITENOISE_USE_FINDERS", TRUSTREG_VAR=var) is False
    assert setting("WHITENOISE_USE_FINDERS", TRUSTREG_VAR=var, TRUSTREG_DEBUG="1") is True
