//! One attendee: a browser with its own cookie jar, dealt one pattern. It
//! opens the page, thinks, signs a user up, thinks, orders for that user,
//! now and then reloads a list, and answers the presenter's burst — until
//! the time is up. Every request is timed and kept; every acknowledged
//! write is kept for verification.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

use super::{Ack, Endpoint, Sample, WorkshopConfig, Write, PATTERNS};

const PRODUCTS: [&str; 5] = ["Tea", "Cake", "Coffee", "Scone", "Lemonade"];

/// What an attendee brings back.
pub(crate) struct AttendeeLog {
    pub samples: Vec<Sample>,
    pub acks: Vec<Ack>,
    /// Things that are wrong although every status was fine (a sandbox
    /// that changed under the attendee, an acknowledgement without an id).
    pub anomalies: Vec<String>,
    pub in_room: bool,
}

pub(crate) struct Attendee {
    number: usize,
    pattern: usize,
    room: Option<String>,
    config: Arc<WorkshopConfig>,
    tag: Arc<str>,
    client: reqwest::Client,
    rng: StdRng,
    epoch: Instant,
    /// The sandbox the server has been answering in, once known.
    sandbox: Option<String>,
    user_id: Option<String>,
    signups: usize,
    burst_due: Option<Instant>,
    in_burst: bool,
    log: AttendeeLog,
}

impl Attendee {
    pub fn new(number: usize, config: Arc<WorkshopConfig>, tag: Arc<str>, epoch: Instant) -> anyhow::Result<Self> {
        let pattern = number % PATTERNS.len();
        let in_room = config.room_every > 0 && number % config.room_every == config.room_every - 1;
        let room = in_room.then(|| format!("room-{}-{tag}", PATTERNS[pattern]));
        // A browser: its own cookies and connections; redirects are the
        // page's business (a 303 is recorded, not followed).
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .user_agent("patterns-live-bench workshop attendee")
            .build()
            .context("failed to build an attendee's client")?;
        let mut rng = StdRng::seed_from_u64(config.seed.wrapping_mul(1_000_003).wrapping_add(number as u64));
        let burst_due = config.burst_at.map(|at| epoch + at + config.burst_reaction.mul_f64(rng.random::<f64>()));
        Ok(Self {
            number,
            pattern,
            room,
            tag,
            client,
            rng,
            epoch,
            sandbox: None,
            user_id: None,
            signups: 0,
            burst_due,
            in_burst: false,
            log: AttendeeLog { samples: Vec::new(), acks: Vec::new(), anomalies: Vec::new(), in_room },
            config,
        })
    }

    pub async fn run(mut self) -> AttendeeLog {
        let deadline = self.epoch + self.config.duration;
        let arrival = self.config.ramp.mul_f64(self.rng.random::<f64>());
        tokio::time::sleep_until((self.epoch + arrival).into()).await;
        if let Some(room) = self.room.clone() {
            self.join(&room).await;
        }
        while Instant::now() < deadline {
            self.page().await;
            if !self.think(deadline).await {
                break;
            }
            self.create_user().await;
            if !self.think(deadline).await {
                break;
            }
            self.create_order().await;
            // The panel shows the lists again after a write, now and then by a reload.
            if self.rng.random_bool(0.5) {
                let list = if self.rng.random_bool(0.5) { Endpoint::ListUsers } else { Endpoint::ListOrders };
                self.list(list).await;
            }
            if !self.think(deadline).await {
                break;
            }
        }
        self.log
    }

    /// Pauses for a think time; the presenter's call interrupts it. Returns
    /// whether there is time left.
    async fn think(&mut self, deadline: Instant) -> bool {
        let (low, high) = self.config.think;
        let wake = Instant::now() + low + (high - low).mul_f64(self.rng.random::<f64>());
        if let Some(due) = self.burst_due.filter(|due| *due < wake) {
            tokio::time::sleep_until(due.into()).await;
            self.burst(deadline).await;
        }
        tokio::time::sleep_until(wake.min(deadline).into()).await;
        Instant::now() < deadline
    }

    /// "Now everyone click create": quick writes one after another.
    async fn burst(&mut self, deadline: Instant) {
        self.burst_due = None;
        self.in_burst = true;
        for i in 0..self.config.burst_writes {
            if Instant::now() >= deadline {
                break;
            }
            if i < self.config.burst_users {
                self.create_user().await;
            } else {
                self.create_order().await;
            }
            let (low, high) = self.config.burst_gap;
            tokio::time::sleep(low + (high - low).mul_f64(self.rng.random::<f64>())).await;
        }
        self.in_burst = false;
    }

    async fn join(&mut self, room: &str) {
        let form = format!("code={room}&return_to=/patterns/{}", PATTERNS[self.pattern]);
        let request = self
            .client
            .post(format!("{}/sandbox/join", self.config.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", &self.config.base)
            .body(form);
        self.send(Endpoint::Join, request).await;
    }

    async fn page(&mut self) {
        let request = self.client.get(format!("{}/patterns/{}", self.config.base, PATTERNS[self.pattern])).header("accept", "text/html");
        self.send(Endpoint::Page, request).await;
    }

    async fn list(&mut self, endpoint: Endpoint) {
        let what = if endpoint == Endpoint::ListUsers { "users" } else { "orders" };
        let request = self.client.get(format!("{}/{what}", self.api())).header("accept", "application/json");
        if let Some(reply) = self.send(endpoint, request).await {
            self.check_sandbox(&reply);
        }
    }

    async fn create_user(&mut self) {
        self.signups += 1;
        let email = format!("a{}-{}-{}@workshop.example", self.number, self.signups, self.tag);
        let body = json!({"email": email, "name": format!("Attendee {}", self.number), "password": "correct horse battery"});
        let request = self.write(format!("{}/users", self.api()), &body);
        let Some(reply) = self.send(Endpoint::CreateUser, request).await else { return };
        self.check_sandbox(&reply);
        if reply.status == 201 {
            if let Some(id) = self.acknowledged(&reply, "POST /users") {
                self.user_id = Some(id.clone());
                self.remember(&reply, id, Write::User { email });
            }
        }
    }

    async fn create_order(&mut self) {
        // No user yet (every sign-up refused): the form would not offer one.
        let Some(user_id) = self.user_id.clone() else { return };
        let lines = self.rng.random_range(1..=3);
        let items: Vec<(String, i64, i64)> = (0..lines)
            .map(|_| {
                let product = PRODUCTS[self.rng.random_range(0..PRODUCTS.len())].to_owned();
                (product, self.rng.random_range(1..=5), self.rng.random_range(150..=2500))
            })
            .collect();
        let total_cents = items.iter().map(|(_, quantity, price)| quantity * price).sum();
        let body = json!({
            "user_id": user_id,
            "items": items.iter().map(|(product, quantity, price)| json!({"product": product, "quantity": quantity, "unit_price_cents": price})).collect::<Vec<_>>(),
        });
        let request = self.write(format!("{}/orders", self.api()), &body);
        let Some(reply) = self.send(Endpoint::CreateOrder, request).await else { return };
        self.check_sandbox(&reply);
        // 201 created; CQRS 202 accepted (in the event store, projected soon).
        if reply.status == 201 || reply.status == 202 {
            if let Some(id) = self.acknowledged(&reply, "POST /orders") {
                self.remember(&reply, id, Write::Order { user_id, total_cents });
            }
        }
    }

    fn api(&self) -> String {
        format!("{}/demos/{}/api", self.config.base, PATTERNS[self.pattern])
    }

    /// A JSON write as the panel's `fetch` sends it: same origin.
    fn write(&self, url: String, body: &Value) -> reqwest::RequestBuilder {
        self.client
            .post(url)
            .header("origin", &self.config.base)
            .header("sec-fetch-site", "same-origin")
            .header("accept", "application/json")
            .json(body)
    }

    /// Sends, times to the last byte, records. `None` when no answer came.
    async fn send(&mut self, endpoint: Endpoint, request: reqwest::RequestBuilder) -> Option<Reply> {
        let sent_at = Instant::now();
        let result = async {
            let response = request.send().await?;
            let status = response.status().as_u16();
            let sandbox = response.headers().get("x-sandbox").and_then(|v| v.to_str().ok()).map(str::to_owned);
            let body = response.bytes().await?.to_vec();
            Ok::<_, reqwest::Error>(Reply { status, sandbox, body })
        }
        .await;
        let latency = sent_at.elapsed();
        let reply = result.ok();
        let error_code = reply.as_ref().filter(|r| r.status >= 400).map(|r| {
            serde_json::from_slice::<Value>(&r.body)
                .ok()
                .and_then(|v| v["error"]["code"].as_str().map(str::to_owned))
                .unwrap_or_else(|| "unknown".to_owned())
        });
        self.log.samples.push(Sample {
            endpoint,
            pattern: self.pattern,
            sent: sent_at.saturating_duration_since(self.epoch),
            latency,
            status: reply.as_ref().map(|r| r.status),
            error_code,
            burst: self.in_burst,
        });
        reply
    }

    /// The demo API names the sandbox it worked in; it must stay the one
    /// the page's cookie (or the room) gave this attendee.
    fn check_sandbox(&mut self, reply: &Reply) {
        let Some(seen) = reply.sandbox.as_deref() else {
            self.log.anomalies.push(format!("attendee {}: a demo reply without X-Sandbox", self.number));
            return;
        };
        let expected = self.room.clone().or_else(|| self.sandbox.clone());
        match expected {
            Some(expected) if expected != seen => {
                self.log.anomalies.push(format!("attendee {}: answered in sandbox {seen}, expected {expected}", self.number));
            }
            Some(_) => {}
            None => self.sandbox = Some(seen.to_owned()),
        }
    }

    fn acknowledged(&mut self, reply: &Reply, what: &str) -> Option<String> {
        let id = serde_json::from_slice::<Value>(&reply.body).ok().and_then(|v| v["id"].as_str().map(str::to_owned));
        if id.is_none() {
            self.log.anomalies.push(format!("attendee {}: {what} answered {} without an id", self.number, reply.status));
        }
        id
    }

    fn remember(&mut self, reply: &Reply, id: String, write: Write) {
        let sandbox = reply.sandbox.clone().unwrap_or_default();
        self.log.acks.push(Ack { pattern: self.pattern, sandbox, id, write });
    }
}

pub(crate) struct Reply {
    pub status: u16,
    pub sandbox: Option<String>,
    pub body: Vec<u8>,
}
