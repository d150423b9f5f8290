//! `warroom triage --accounts` over an organization of 50 accounts × 2 regions, every AWS
//! call (ListAccounts, GetCallerIdentity, AssumeRole, DescribeAlarms, LookupEvents, Health
//! DescribeEvents) answered after 100 ms by a fake HTTP client: the product's own fan-out,
//! AssumeRole provider, sessions and sources, at the default cap against the same sweeps one
//! after another (a cap of 1, each sweep's three calls one by one), as a ratio in one run,
//! with the peak of calls in flight and the process's peak memory.
//! `cargo bench --bench accounts`; under `cargo test` it runs 5 accounts once.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a bench, example or test that cannot set up what it measures fails there"
)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;
use criterion::{Criterion, SamplingMode};

use warroom::accounts::aws::Caller;
use warroom::accounts::set::{AccountSet, DEFAULT_CONCURRENCY, SetSource};
use warroom::accounts::triage::{self, AccountsTriage, Calls, ChangeSettings};
use warroom::aws::SessionSettings;
use warroom::config::Config;

const DELAY: Duration = Duration::from_millis(100);
const CALLER: &str = "100000000000";

/// Every AWS answer after `DELAY`, counting calls and how many are in flight at once.
#[derive(Debug)]
struct SlowAws {
    accounts: usize,
    calls: AtomicUsize,
    in_flight: AtomicUsize,
    peak: AtomicUsize,
}

impl SlowAws {
    fn answer(&self, request: &HttpRequest) -> (&'static str, Vec<u8>) {
        let target = request
            .headers()
            .get("x-amz-target")
            .unwrap_or_default()
            .to_string();
        let body = request
            .body()
            .bytes()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        if request.uri().contains("/service/") {
            // CloudWatch and Health over rpc-v2-cbor: an empty map, no alarms, no events.
            return ("application/cbor", vec![0xa0]);
        }
        if target.ends_with("LookupEvents") {
            return ("application/x-amz-json-1.1", br#"{"Events":[]}"#.to_vec());
        }
        if target.ends_with("ListAccounts") {
            let from: usize = serde_json::from_str::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v["NextToken"].as_str().and_then(|t| t.parse().ok()))
                .unwrap_or(0);
            let to = (from + 20).min(self.accounts);
            let accounts: Vec<serde_json::Value> = (from..to)
                .map(|i| {
                    serde_json::json!({"Id": format!("{:012}", 100_000_000_000_u64 + i as u64),
                        "Name": format!("team-{i}"), "Status": "ACTIVE"})
                })
                .collect();
            let mut page = serde_json::json!({ "Accounts": accounts });
            if to < self.accounts {
                page["NextToken"] = serde_json::Value::String(to.to_string());
            }
            return ("application/x-amz-json-1.1", page.to_string().into_bytes());
        }
        if body.contains("Action=AssumeRole") {
            return (
                "text/xml",
                b"<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult><Credentials><AccessKeyId>ASIABENCH</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::100000000001:assumed-role/R/warroom</Arn><AssumedRoleId>AROABENCH:warroom</AssumedRoleId></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>".to_vec(),
            );
        }
        (
            "text/xml",
            format!(
                "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult><Arn>arn:aws:iam::{CALLER}:user/bench</Arn><UserId>AIDABENCH</UserId><Account>{CALLER}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>"
            )
            .into_bytes(),
        )
    }
}

#[derive(Clone, Debug)]
struct Fake(Arc<SlowAws>);

impl HttpConnector for Fake {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let aws = self.0.clone();
        HttpConnectorFuture::new(async move {
            aws.calls.fetch_add(1, Ordering::SeqCst);
            let now = aws.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            aws.peak.fetch_max(now, Ordering::SeqCst);
            let (content_type, body) = aws.answer(&request);
            tokio::time::sleep(DELAY).await;
            aws.in_flight.fetch_sub(1, Ordering::SeqCst);
            let mut response =
                HttpResponse::new(StatusCode::try_from(200).expect("200"), SdkBody::from(body));
            response.headers_mut().insert("content-type", content_type);
            if content_type == "application/cbor" {
                response
                    .headers_mut()
                    .insert("smithy-protocol", "rpc-v2-cbor");
            }
            Ok(response)
        })
    }
}

impl HttpClient for Fake {
    fn http_connector(
        &self,
        _: &HttpConnectorSettings,
        _: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(self.clone())
    }
}

async fn once(aws: &Arc<SlowAws>, cap: usize, calls: Calls) -> (Duration, AccountsTriage) {
    let sdk = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "AKIABENCH",
            "secret",
            None,
            None,
            "bench",
        )))
        .http_client(SharedHttpClient::new(Fake(aws.clone())))
        .load()
        .await;
    let caller = Caller {
        settings: SessionSettings::in_region("us-east-1"),
        sdk,
        region_defaulted: false,
        identity: None,
        session_name: "warroom-bench".into(),
    };
    let set = AccountSet {
        name: "bench".into(),
        source: SetSource::Organization {
            role: "OrganizationAccountAccessRole".into(),
        },
        regions: vec!["us-east-1".into(), "eu-west-1".into()],
        concurrency: cap,
        accounts: Vec::new(),
    };
    let config = Config::defaults();
    let changes = ChangeSettings {
        risk: config.changes.risk.clone(),
        lookups_per_second: config.changes.lookups_per_second,
        // Outside us-east-1 each sweep would also ask us-east-1 for 6 global services, at
        // 2 a second per account: 3 s whatever the fan-out does.
        global_sources: Vec::new(),
    };
    let now = jiff::Timestamp::now();
    let since = now - jiff::SignedDuration::from_hours(1);
    let started = Instant::now();
    let result = triage::run_with(&set, caller, changes, (since, now), calls)
        .await
        .expect("the accounts are listed");
    (started.elapsed(), result)
}

/// The process's peak resident memory (VmHWM), in MiB, where /proc says it.
fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let accounts = if bench { 50 } else { 5 };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let aws = Arc::new(SlowAws {
        accounts,
        calls: AtomicUsize::new(0),
        in_flight: AtomicUsize::new(0),
        peak: AtomicUsize::new(0),
    });
    let check = |result: &AccountsTriage| {
        assert_eq!(result.targets.len(), accounts * 2, "{result:?}");
        assert!(
            result
                .targets
                .iter()
                .all(|t| t.answer.as_ref().is_ok_and(|t| !t.failed())),
            "every account answered: {result:?}"
        );
    };
    let mut capped = Vec::new();
    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .configure_from_args();
    let mut group = criterion.benchmark_group("accounts");
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function(
        format!("triage_{accounts}x2_cap{DEFAULT_CONCURRENCY}"),
        |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let (took, result) =
                        runtime.block_on(once(&aws, DEFAULT_CONCURRENCY, Calls::AtOnce));
                    check(&result);
                    capped.push(took);
                    total += took;
                }
                total
            })
        },
    );
    group.finish();
    let calls_per_run = aws.calls.load(Ordering::SeqCst) / capped.len().max(1);
    let peak_in_flight = aws.peak.load(Ordering::SeqCst);
    let (sequential, result) = runtime.block_on(once(&aws, 1, Calls::OneByOne));
    check(&result);
    capped.sort();
    let median = capped[capped.len() / 2];
    println!(
        "accounts/triage {accounts} accounts x 2 regions, {} ms a call: cap {DEFAULT_CONCURRENCY} {:.0} ms (median of {}), one after another {:.0} ms, ratio {:.1}; {calls_per_run} calls a run, at most {peak_in_flight} in flight; peak memory {}",
        DELAY.as_millis(),
        median.as_secs_f64() * 1000.0,
        capped.len(),
        sequential.as_secs_f64() * 1000.0,
        sequential.as_secs_f64() / median.as_secs_f64(),
        peak_memory_mib().map_or("unknown".to_string(), |m| format!("{m:.0} MiB")),
    );
}
