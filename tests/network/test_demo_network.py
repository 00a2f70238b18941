"""`hangviet demo-network`: three nodes with their own settings, none of the shell's database, cache or
node settings carried over (three nodes on one database would be one node). The command itself was run
for real (docs/network.md, "Demo network"); this checks what each node is started with."""

from pathlib import Path

from hangviet.config import demo_network


def test_each_node_has_its_own_database_var_dir_port_and_province(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("DATABASE_URL", "postgres://shared/db")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("HANGVIET_NODE_ID", "shell.example")
    envs = [demo_network.node_env(n, tmp_path, 8000, 20) for n in demo_network.NODES]
    assert [e["HANGVIET_NODE_PROVINCE"] for e in envs] == ["86", "92", "79"]
    assert [e["HANGVIET_BASE_URL"] for e in envs] == [f"http://127.0.0.1:{p}" for p in (8000, 8001, 8002)]
    assert len({e["DATABASE_URL"] for e in envs}) == 3
    assert all(e["DATABASE_URL"].startswith(f"sqlite:///{tmp_path}") for e in envs)
    assert len({e["HANGVIET_VAR_DIR"] for e in envs}) == 3 and len({e["HANGVIET_NODE_ID"] for e in envs}) == 3
    assert not any("REDIS_URL" in e for e in envs)
    assert [e["HANGVIET_DEMO"] for e in envs] == ["1", "0", "0"]  # Vĩnh Long: the platform's demo
