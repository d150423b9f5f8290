use std::sync::atomic::{AtomicUsize, Ordering};

use aws_credential_types::provider::ProvideCredentials;

use super::*;

#[derive(Debug, Default)]
struct Counting(AtomicUsize);

impl ProvideCredentials for Counting {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        future::ProvideCredentials::ready(Ok(Credentials::new(
            format!("ASIAAGAIN{n}"),
            "s",
            None,
            None,
            "test",
        )))
    }
}

#[tokio::test]
async fn the_credentials_of_the_check_are_used_first_then_each_renewal_assumes_again() {
    let provider = FirstThen {
        first: Mutex::new(Some(Credentials::new("ASIAFIRST", "s", None, None, "test"))),
        then: Counting::default(),
    };
    let key = |c: Credentials| c.access_key_id().to_string();
    assert_eq!(
        key(provider.provide_credentials().await.unwrap()),
        "ASIAFIRST"
    );
    assert_eq!(
        provider.then.0.load(Ordering::SeqCst),
        0,
        "no second AssumeRole"
    );
    assert_eq!(
        key(provider.provide_credentials().await.unwrap()),
        "ASIAAGAIN1"
    );
    assert_eq!(
        key(provider.provide_credentials().await.unwrap()),
        "ASIAAGAIN2"
    );
}
