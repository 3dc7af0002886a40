#!/usr/bin/env python3
"""Checks docker-compose.yml against the repository. Run from the repository root:

    python3 .ci/check-compose.py [docker-compose.yml]

Exits 0 printing "docker-compose.yml: ok (services: ...)", or 1 naming each problem.
"""
import glob
import os
import pathlib
import re
import sys

try:
    import yaml
except ImportError:
    sys.exit("check-compose: PyYAML is missing (import yaml failed); install it with `pip install pyyaml` "
             "(Debian: apt-get install python3-yaml)")

PATH = sys.argv[1] if len(sys.argv) > 1 else "docker-compose.yml"
CLI_SOURCES = "Sources/motcua"

problems = []


def problem(message):
    problems.append(message)


def cli_text():
    files = sorted(glob.glob(os.path.join(CLI_SOURCES, "**", "*.swift"), recursive=True))
    if not files:
        problem(f"no Swift sources in {CLI_SOURCES}/ (run the check from the repository root)")
    return "\n".join(open(f, encoding="utf-8").read() for f in files)


def check_port(service_name, entry):
    # "HOST:CONTAINER", "IP:HOST:CONTAINER", "CONTAINER", optional "/tcp"; or the long form.
    if isinstance(entry, dict):
        parts = [entry.get("target"), entry.get("published")]
        parts = [p for p in parts if p is not None]
    elif isinstance(entry, int):
        parts = [entry]
    else:
        parts = str(entry).split("/")[0].split(":")
        if len(parts) == 3:
            parts = parts[1:]  # drop the host IP
    for part in parts:
        if not re.fullmatch(r"\d+", str(part)) or not 0 < int(part) < 65536:
            problem(f"services.{service_name}.ports: {entry!r}: {part!r} is not a port number")


def volume_sources(service):
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            yield volume.get("source"), volume.get("type", "volume")
        else:
            source = str(volume).split(":")[0]
            yield source, ("bind" if source.startswith((".", "/", "~")) else "volume")


def main():
    try:
        with open(PATH, encoding="utf-8") as f:
            compose = yaml.safe_load(f)
    except FileNotFoundError:
        sys.exit(f"check-compose: {PATH} not found (run from the repository root)")
    except yaml.YAMLError as error:
        sys.exit(f"check-compose: {PATH} is not valid YAML: {error}")
    if not isinstance(compose, dict):
        sys.exit(f"check-compose: {PATH}: expected a mapping at the top level")

    services = compose.get("services") or {}
    for name in ("postgres", "motcua"):
        if name not in services:
            problem(f"services.{name} is missing")

    postgres = services.get("postgres") or {}
    motcua = services.get("motcua") or {}

    # postgres: a pinned major version of the official image.
    if postgres:
        image = str(postgres.get("image", ""))
        if not re.fullmatch(r"postgres:\d+(\.\d+)?(-[a-z0-9.]+)?", image):
            problem(f"services.postgres.image is {image!r}: expected the official image pinned to a major "
                    "version, e.g. postgres:16")
        healthcheck = postgres.get("healthcheck") or {}
        if not healthcheck.get("test") or healthcheck.get("disable"):
            problem("services.postgres.healthcheck: no healthcheck test")

    # Named volumes: declared at the top level and used by some service.
    declared = set((compose.get("volumes") or {}).keys())
    used = {source for service in services.values() if isinstance(service, dict)
            for source, kind in volume_sources(service) if kind == "volume" and source}
    if not declared:
        problem("no named volume declared under the top-level volumes:")
    for name in sorted(used - declared):
        problem(f"volume {name!r} is used but not declared under the top-level volumes:")
    for name in sorted(declared - used):
        problem(f"volume {name!r} is declared but no service uses it")
    if postgres and not any(kind == "volume" and source in declared for source, kind in volume_sources(postgres)):
        problem("services.postgres does not keep its data in a named volume")

    for name, service in services.items():
        if isinstance(service, dict):
            for entry in service.get("ports") or []:
                check_port(name, entry)

    if motcua:
        depends = motcua.get("depends_on") or {}
        condition = depends.get("postgres", {}).get("condition") if isinstance(depends, dict) else None
        if condition != "service_healthy":
            problem("services.motcua.depends_on.postgres.condition must be service_healthy "
                    f"(found {condition!r})")

        command = motcua.get("command")
        if isinstance(command, str):
            command = command.split()
        if not command:
            problem("services.motcua.command is missing")
            command = []
        command = [str(word) for word in command]
        sources = cli_text()

        # The subcommand: the first word, which must be a commandName of the CLI.
        if command:
            sub = command[0]
            if f'commandName: "{sub}"' not in sources:
                problem(f"services.motcua.command: subcommand {sub!r} is not a command of the CLI "
                        f'(no commandName: "{sub}" in {CLI_SOURCES}/)')

        # Every --option: a long option of the CLI, .customLong("name") or a property named like it.
        for word in command:
            if not word.startswith("--"):
                continue
            option = word[2:].split("=")[0]
            camel = re.sub(r"-([a-z])", lambda m: m.group(1).upper(), option)
            if (f'.customLong("{option}")' not in sources
                    and not re.search(rf"\bvar\s+{re.escape(camel)}\b", sources)):
                problem(f"services.motcua.command: option --{option} is not a long option of the CLI "
                        f"(neither .customLong(\"{option}\") nor a property {camel} in {CLI_SOURCES}/)")

        # Every environment variable the service sets must be one the code reads.
        names = motcua.get("environment") or {}
        names = [str(e).split("=", 1)[0] for e in names] if isinstance(names, list) else list(names)
        code = "\n".join(p.read_text(encoding="utf-8") for p in pathlib.Path("Sources").rglob("*.swift"))
        for name in names:
            if f'"{name}"' not in code:
                problem(f"services.motcua.environment: {name} is not read anywhere in Sources/")

        # Database URLs: postgres:// only, in the command and the environment.
        environment = motcua.get("environment") or {}
        if isinstance(environment, list):
            environment = dict(str(e).split("=", 1) for e in environment if "=" in str(e))
        urls = [w for w in command if "://" in w] + [str(v) for v in environment.values() if "://" in str(v)]
        if "--db" in command:
            index = command.index("--db")
            if index + 1 >= len(command):
                problem("services.motcua.command: --db has no value")
        if not urls:
            problem("services.motcua: no database URL in its command or environment")
        for url in urls:
            if not url.startswith("postgres://"):
                problem(f"services.motcua: database URL {url!r} must use the postgres:// scheme")
            match = re.fullmatch(r"postgres://(?:[^@/]+@)?([^:/]+)(?::(\d+))?/\w+", url)
            if url.startswith("postgres://") and not match:
                problem(f"services.motcua: {url!r} is not of the form postgres://USER:PASSWORD@HOST:PORT/DB")
            elif match and match.group(1) not in services:
                problem(f"services.motcua: {url!r}: host {match.group(1)!r} is not a service of this file")

    if problems:
        for message in problems:
            print(f"{PATH}: {message}", file=sys.stderr)
        sys.exit(1)
    print(f"{PATH}: ok (services: {', '.join(services)})")


main()
