"""CloudWatch metric data owned by the emulator: PutMetricData, GetMetricData,
GetMetricStatistics, ListMetrics. One store per region."""

from __future__ import annotations

import base64
import bisect
import math
import re
import threading

import timeutil
from aws_protocols import AwsError

_PERCENTILE = re.compile(r"^[pP](\d{1,2}(?:\.\d+)?|100)$")
STATISTICS = ("Average", "Sum", "Minimum", "Maximum", "SampleCount")


def dims_key(dimensions) -> tuple:
    return tuple(sorted((d["Name"], str(d.get("Value", ""))) for d in (dimensions or [])))


def metric_key(namespace, metric_name, dimensions) -> tuple:
    return (namespace, metric_name, dims_key(dimensions))


class Series:
    """One metric (namespace, name, dimension set). Samples are tuples
    (ts, count, sum, minimum, maximum, values) where values is ((value, count), ...) or None."""

    def __init__(self, namespace, name, dimensions, unit=None):
        self.namespace = namespace
        self.name = name
        self.dimensions = [{"Name": n, "Value": v} for n, v in dims_key(dimensions)]
        self.unit = unit
        self.samples: list[tuple] = []
        self.generator = None      # optional fn(ts) -> value, for live scenario data
        self.generator_step = 60
        self.generated_until = None

    def add(self, ts, count, total, minimum, maximum, values):
        bisect.insort(self.samples, (ts, count, total, minimum, maximum, values), key=lambda s: s[0])

    def add_value(self, ts, value, count=1):
        value = float(value)
        self.add(ts, count, value * count, value, value, ((value, count),))

    def replace_points(self, points):
        """Seed points [(ts, value)]: replace samples at the same timestamps."""
        fresh = {float(ts): float(v) for ts, v in points}
        kept = [s for s in self.samples if s[0] not in fresh]
        kept.extend((ts, 1, v, v, v, ((v, 1),)) for ts, v in fresh.items())
        kept.sort(key=lambda s: s[0])
        self.samples = kept

    def extend_live(self, now):
        if self.generator is None:
            return
        last = timeutil.floor_to(now, self.generator_step)
        ts = self.generated_until + self.generator_step
        while ts <= last:
            self.add_value(float(ts), self.generator(ts))
            self.generated_until = ts
            ts += self.generator_step

    def window(self, start, end):
        lo = bisect.bisect_left(self.samples, start, key=lambda s: s[0])
        hi = bisect.bisect_left(self.samples, end, key=lambda s: s[0])
        return self.samples[lo:hi]

    def describe(self):
        return {"Namespace": self.namespace, "MetricName": self.name, "Dimensions": self.dimensions}


def aggregate(samples, stat: str):
    """One statistic over samples, or None when it cannot be computed."""
    if not samples:
        return None
    count = sum(s[1] for s in samples)
    if stat == "SampleCount":
        return float(count)
    if stat == "Sum":
        return float(sum(s[2] for s in samples))
    if stat == "Average":
        return float(sum(s[2] for s in samples) / count) if count else None
    if stat == "Minimum":
        return float(min(s[3] for s in samples))
    if stat == "Maximum":
        return float(max(s[4] for s in samples))
    match = _PERCENTILE.match(stat)
    if match:
        pct = float(match.group(1))
        weighted = sorted(v for s in samples if s[5] for v in s[5])
        if not weighted:
            return None
        total = sum(c for _, c in weighted)
        rank = max(1, math.ceil(pct / 100.0 * total))
        seen = 0
        for value, c in weighted:
            seen += c
            if seen >= rank:
                return float(value)
        return float(weighted[-1][0])
    return None


def is_supported_stat(stat: str) -> bool:
    return stat in STATISTICS or bool(_PERCENTILE.match(stat or ""))


class MetricStore:
    def __init__(self):
        self.lock = threading.RLock()
        self.series: dict[tuple, Series] = {}

    def clear(self):
        with self.lock:
            self.series.clear()

    def get_or_create(self, namespace, name, dimensions, unit=None) -> Series:
        key = metric_key(namespace, name, dimensions)
        series = self.series.get(key)
        if series is None:
            series = Series(namespace, name, dimensions, unit)
            self.series[key] = series
        elif unit and not series.unit:
            series.unit = unit
        return series

    def find(self, namespace, name, dimensions) -> Series | None:
        series = self.series.get(metric_key(namespace, name, dimensions))
        if series is not None:
            series.extend_live(timeutil.now())
        return series

    # ------------------------------------------------------------ seed

    def seed(self, item: dict) -> int:
        for key in ("Namespace", "MetricName"):
            if not item.get(key):
                raise ValueError(f"metric_data item needs {key}")
        points = []
        for point in item.get("points") or []:
            if isinstance(point, dict):
                ts, value = point.get("Timestamp"), point.get("Value")
            else:
                ts, value = point[0], point[1]
            points.append((timeutil.to_epoch(ts), float(value)))
        with self.lock:
            series = self.get_or_create(item["Namespace"], item["MetricName"],
                                        item.get("Dimensions"), item.get("Unit"))
            series.replace_points(points)
        return len(points)

    # ------------------------------------------------------------ API

    def put_metric_data(self, params: dict) -> dict:
        namespace = params.get("Namespace")
        if not namespace:
            raise AwsError("MissingParameter", "The parameter Namespace is required.")
        now = timeutil.now()
        with self.lock:
            for datum in params.get("MetricData") or []:
                if not datum.get("MetricName"):
                    raise AwsError("MissingParameter", "The parameter MetricData.member.N.MetricName is required.")
                series = self.get_or_create(namespace, datum["MetricName"],
                                            datum.get("Dimensions"), datum.get("Unit"))
                ts = datum.get("Timestamp", now)
                if datum.get("StatisticValues"):
                    sv = datum["StatisticValues"]
                    series.add(ts, float(sv["SampleCount"]), float(sv["Sum"]),
                               float(sv["Minimum"]), float(sv["Maximum"]), None)
                elif datum.get("Values"):
                    values = datum["Values"]
                    counts = datum.get("Counts") or [1.0] * len(values)
                    for value, count in zip(values, counts):
                        series.add_value(ts, value, float(count))
                elif datum.get("Value") is not None:
                    series.add_value(ts, datum["Value"])
        return {}

    def get_metric_data(self, params: dict) -> dict:
        start, end = params.get("StartTime"), params.get("EndTime")
        if start is None or end is None:
            raise AwsError("MissingParameter", "StartTime and EndTime are required.")
        if end <= start:
            raise AwsError("ValidationError", "The parameter StartTime must be less than the parameter EndTime.")
        descending = params.get("ScanBy", "TimestampDescending") != "TimestampAscending"
        queries = params.get("MetricDataQueries") or []
        if not queries:
            raise AwsError("MissingParameter", "The parameter MetricDataQueries is required.")
        results = []
        with self.lock:
            for query in queries:
                if query.get("ReturnData") is False:
                    continue
                results.append(self._run_query(query, start, end, descending))
        return {"MetricDataResults": results, "Messages": []}

    def _run_query(self, query, start, end, descending) -> dict:
        qid = query.get("Id", "")
        stat_query = query.get("MetricStat")
        if not stat_query:
            # Metric math is not evaluated: an empty, complete result.
            return {"Id": qid, "Label": query.get("Label") or qid, "Timestamps": [], "Values": [],
                    "StatusCode": "Complete", "Messages": []}
        metric = stat_query.get("Metric") or {}
        period = int(stat_query.get("Period") or query.get("Period") or 60)
        if period < 1:
            raise AwsError("ValidationError", "The parameter Period must be greater than 0.")
        stat = stat_query.get("Stat", "")
        label = query.get("Label") or metric.get("MetricName", qid)
        result = {"Id": qid, "Label": label, "Timestamps": [], "Values": [],
                  "StatusCode": "Complete", "Messages": []}
        if not is_supported_stat(stat):
            result["Messages"].append({"Code": "UnsupportedStatistic",
                                       "Value": f"The emulator does not compute {stat!r}"})
            return result
        series = self.find(metric.get("Namespace"), metric.get("MetricName"), metric.get("Dimensions"))
        unit = stat_query.get("Unit")
        if series is None or (unit and series.unit and unit != series.unit):
            return result
        for bucket, samples in buckets(series, start, end, period):
            value = aggregate(samples, stat)
            if value is not None:
                result["Timestamps"].append(float(bucket))
                result["Values"].append(value)
        if descending:
            result["Timestamps"].reverse()
            result["Values"].reverse()
        return result

    def get_metric_statistics(self, params: dict) -> dict:
        start, end = params.get("StartTime"), params.get("EndTime")
        period = int(params.get("Period") or 60)
        stats = list(params.get("Statistics") or [])
        extended = list(params.get("ExtendedStatistics") or [])
        if not stats and not extended:
            raise AwsError("MissingParameter", "Statistics or ExtendedStatistics is required.")
        datapoints = []
        with self.lock:
            series = self.find(params.get("Namespace"), params.get("MetricName"), params.get("Dimensions"))
            if series is not None and start is not None and end is not None:
                unit = params.get("Unit") or series.unit
                for bucket, samples in buckets(series, start, end, period):
                    point = {"Timestamp": float(bucket)}
                    for stat in stats:
                        point[stat] = aggregate(samples, stat)
                    if extended:
                        point["ExtendedStatistics"] = {
                            e: v for e in extended if (v := aggregate(samples, e)) is not None}
                    if unit:
                        point["Unit"] = unit
                    datapoints.append(point)
        return {"Label": params.get("MetricName"), "Datapoints": datapoints}

    def list_metrics(self, params: dict) -> dict:
        namespace, name = params.get("Namespace"), params.get("MetricName")
        filters = params.get("Dimensions") or []
        recent = params.get("RecentlyActive") == "PT3H"
        cutoff = timeutil.now() - 3 * 3600
        with self.lock:
            matches = []
            for series in self.series.values():
                if namespace and series.namespace != namespace:
                    continue
                if name and series.name != name:
                    continue
                have = {d["Name"]: d["Value"] for d in series.dimensions}
                if any(f["Name"] not in have or ("Value" in f and have[f["Name"]] != f["Value"])
                       for f in filters):
                    continue
                if recent and not (series.samples and series.samples[-1][0] >= cutoff):
                    continue
                matches.append(series.describe())
        matches.sort(key=lambda m: (m["Namespace"], m["MetricName"], dims_key(m["Dimensions"])))
        offset = _decode_offset(params.get("NextToken"))
        page = matches[offset:offset + 500]
        out = {"Metrics": page}
        if offset + 500 < len(matches):
            out["NextToken"] = base64.b64encode(f"metrics:{offset + 500}".encode()).decode()
        return out


def buckets(series: Series, start, end, period):
    """(bucket start, samples) for every period-aligned bucket that starts in
    [floor(start), end) and holds data; a bucket keeps all of its samples."""
    first = timeutil.floor_to(start, period)
    last = math.ceil(end / period) * period
    current, group = None, []
    for sample in series.window(first, last):
        bucket = timeutil.floor_to(sample[0], period)
        if bucket != current:
            if group:
                yield current, group
            current, group = bucket, []
        group.append(sample)
    if group:
        yield current, group


def _decode_offset(token) -> int:
    if not token:
        return 0
    try:
        kind, offset = base64.b64decode(token).decode().split(":")
        assert kind == "metrics"
        return int(offset)
    except Exception:
        raise AwsError("InvalidNextToken", "The service returned an invalid next token.")
