"""Seed scenarios. Each module exposes load(region_state, region, anchor, now) -> dict; a
scenario's Health part (load(health_store, region, anchor, now) -> dict) seeds the global
Health store, its CloudTrail part (load(cloudtrail_store, region, anchor, now) -> dict) the
CloudTrail store."""

SCENARIOS = ("demo",)


def load(name, region_state, region, anchor, now, health=None, cloudtrail=None):
    if name == "demo":
        from scenarios import demo, demo_changes, demo_health

        summary = demo.load(region_state, region, anchor, now)
        if health is not None:
            summary.update(demo_health.load(health, region, anchor, now))
        if cloudtrail is not None:
            summary.update(demo_changes.load(cloudtrail, region, anchor, now))
        return summary
    raise ValueError(f"unknown scenario {name!r}; known: {', '.join(SCENARIOS)}")
