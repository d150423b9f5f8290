//! A reacher that remembers each account it reached: a refresh sweeps again without
//! assuming every role again (the SDK renews assumed credentials before they expire), and
//! an item opened in an account is asked with that account's credentials. An account that
//! could not be reached is tried again on the next sweep.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::accounts::fanout::{Opened, Reacher};
use crate::accounts::target::{Planned, Reach};
use crate::kit::work::BoxFuture;

/// The accounts reached so far, by how they were reached.
pub struct Known<A>(Mutex<HashMap<Reach, Arc<Opened<A>>>>);

impl<A> Default for Known<A> {
    fn default() -> Self {
        Known(Mutex::new(HashMap::new()))
    }
}

impl<A> Known<A> {
    /// The account with this id, once reached.
    pub fn by_id(&self, id: &str) -> Option<Arc<Opened<A>>> {
        let known = self.0.lock().ok()?;
        known.values().find(|o| o.id == id).cloned()
    }

    fn get(&self, how: &Reach) -> Option<Arc<Opened<A>>> {
        self.0.lock().ok()?.get(how).cloned()
    }

    fn keep(&self, how: Reach, opened: Arc<Opened<A>>) {
        if let Ok(mut known) = self.0.lock() {
            known.insert(how, opened);
        }
    }
}

/// `inner`, each account reached once and kept in `known`.
pub struct Remembering<R: Reacher> {
    pub inner: Arc<R>,
    pub known: Arc<Known<R::Account>>,
}

impl<R: Reacher> Reacher for Remembering<R> {
    type Account = Arc<Opened<R::Account>>;
    type Answer = R::Answer;

    fn open(
        self: Arc<Self>,
        planned: Planned,
    ) -> BoxFuture<'static, Result<Opened<Self::Account>, String>> {
        Box::pin(async move {
            let opened = match self.known.get(&planned.how) {
                Some(opened) => opened,
                None => {
                    let opened = Arc::new(self.inner.clone().open(planned.clone()).await?);
                    self.known.keep(planned.how, opened.clone());
                    opened
                }
            };
            Ok(Opened {
                id: opened.id.clone(),
                default_region: opened.default_region.clone(),
                inner: opened,
            })
        })
    }

    fn sweep(
        self: Arc<Self>,
        account: Arc<Opened<Self::Account>>,
        region: String,
    ) -> BoxFuture<'static, Self::Answer> {
        self.inner.clone().sweep(account.inner.clone(), region)
    }
}
