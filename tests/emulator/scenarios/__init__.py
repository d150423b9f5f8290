"""Seed scenarios. Each module exposes load(region_state, region, anchor, now) -> dict."""

SCENARIOS = ("demo",)


def load(name, region_state, region, anchor, now):
    if name == "demo":
        from scenarios import demo

        return demo.load(region_state, region, anchor, now)
    raise ValueError(f"unknown scenario {name!r}; known: {', '.join(SCENARIOS)}")
