"""Seed scenarios. Each module exposes load(region_state, region, anchor, now) -> dict; a
scenario's Health part (load(health_store, region, anchor, now) -> dict) seeds the global
Health store, its CloudTrail part (load(cloudtrail_store, region, anchor, now) -> dict) the
CloudTrail store, its Logs part (load(logs_store, region, anchor, now) -> dict) the Logs
Insights store, its SSM part (load(ssm_store, region, anchor, now) -> dict) the SSM
Run Command store."""

SCENARIOS = ("demo",)


def load(name, region_state, region, anchor, now, health=None, cloudtrail=None, logs=None, ssm=None):
    if name == "demo":
        from scenarios import demo, demo_changes, demo_health, demo_logs, demo_ssm

        summary = demo.load(region_state, region, anchor, now)
        if health is not None:
            summary.update(demo_health.load(health, region, anchor, now))
        if cloudtrail is not None:
            summary.update(demo_changes.load(cloudtrail, region, anchor, now))
        if logs is not None:
            summary.update(demo_logs.load(logs, region, anchor, now))
        if ssm is not None:
            summary.update(demo_ssm.load(ssm, region, anchor, now))
        return summary
    raise ValueError(f"unknown scenario {name!r}; known: {', '.join(SCENARIOS)}")
