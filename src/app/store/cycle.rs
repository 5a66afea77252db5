//! The review cycle of a unit's data: 填报中 → 已提交 → 退回 (with comments) or 已审核 →
//! 已发布, and new data after publishing starts a new round. Each step checks the state it
//! starts from inside its transaction, so two reviewers clicking at once cannot both decide.

use super::audit::record;
use super::{now, Actor, Store};
use anyhow::{bail, Result};
use rusqlite::OptionalExtension;

/// Where a unit's data is in the cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// 填报中: its editors are working on it.
    Editing,
    /// 已提交: waiting for review; its data cannot change.
    Submitted,
    /// 退回: the reviewer sent it back with comments.
    Returned,
    /// 已审核: approved, waiting to be published; its data cannot change.
    Approved,
    /// 已发布: built into a publication.
    Published,
}

impl State {
    /// Its name in the database.
    pub fn key(self) -> &'static str {
        match self {
            State::Editing => "editing",
            State::Submitted => "submitted",
            State::Returned => "returned",
            State::Approved => "approved",
            State::Published => "published",
        }
    }

    /// Its name on the pages.
    pub fn label(self) -> &'static str {
        match self {
            State::Editing => "填报中",
            State::Submitted => "已提交",
            State::Returned => "退回",
            State::Approved => "已审核",
            State::Published => "已发布",
        }
    }

    fn parse(key: &str) -> State {
        [
            State::Submitted,
            State::Returned,
            State::Approved,
            State::Published,
        ]
        .into_iter()
        .find(|state| state.key() == key)
        .unwrap_or(State::Editing)
    }

    /// Whether the unit's data may change: not while it waits for review or publication.
    pub fn open_to_changes(self) -> bool {
        !matches!(self, State::Submitted | State::Approved)
    }
}

/// A comment on a unit: on the whole of it, or on one figure or diagnostic (`target`, with the
/// figure as it was then).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Comment {
    /// When (seconds since 1970).
    pub at: i64,
    /// Who said it.
    pub by: String,
    /// What it is about (`预算01表 … / 本年收入合计 / 预算数`), empty for the whole unit.
    pub target: String,
    /// The figure or diagnostic as it was when the comment was made.
    pub target_value: String,
    /// What was said.
    pub body: String,
    /// The version it was made on.
    pub version: Option<i64>,
}

/// A submission of a version, and what became of it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Submission {
    /// The version submitted.
    pub version: i64,
    /// When.
    pub at: i64,
    /// By whom.
    pub by: String,
    /// `returned`, `approved`, or empty while waiting.
    pub decision: String,
}

pub(super) fn state_in(tx: &rusqlite::Transaction, unit: &str) -> Result<State> {
    let key: Option<String> = tx
        .query_row(
            "SELECT state FROM unit_states WHERE unit = ?1",
            [unit],
            |r| r.get(0),
        )
        .optional()?;
    Ok(key.map_or(State::Editing, |key| State::parse(&key)))
}

pub(super) fn set_state(
    tx: &rusqlite::Transaction,
    unit: &str,
    state: State,
    actor: Actor,
) -> Result<()> {
    tx.execute(
        "INSERT INTO unit_states (unit, state, changed_at, account_id) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (unit) DO UPDATE SET state = ?2, changed_at = ?3, account_id = ?4",
        rusqlite::params![unit, state.key(), now(), actor.account],
    )?;
    Ok(())
}

/// What a reviewer decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// 退回: back to its editors, with a comment.
    Return,
    /// 已审核.
    Approve,
}

impl Store {
    /// The state of `unit`.
    pub fn state(&self, unit: &str) -> Result<State> {
        self.transaction(|tx| state_in(tx, unit))
    }

    /// Submits `version` of `unit` for review (its data has no errors: the caller checked).
    pub fn submit(&self, actor: Actor, unit: &str, version: i64) -> Result<()> {
        self.transaction(|tx| {
            let state = state_in(tx, unit)?;
            if !matches!(state, State::Editing | State::Returned | State::Published) {
                bail!("这个单位现在是“{}”，不能再提交", state.label());
            }
            tx.execute(
                "INSERT INTO submissions (unit, version_id, account_id, at) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![unit, version, actor.account, now()],
            )?;
            set_state(tx, unit, State::Submitted, actor)?;
            record(tx, actor, "submit", unit, &format!("提交版本 {version}"))
        })
    }

    /// Decides the waiting submission of `unit`; a return needs `comment` (target, value, body).
    pub fn decide(
        &self,
        actor: Actor,
        unit: &str,
        decision: Decision,
        seen: Option<i64>,
        comment: Option<(&str, &str, &str)>,
    ) -> Result<()> {
        self.transaction(|tx| {
            let state = state_in(tx, unit)?;
            if state != State::Submitted {
                bail!("这个单位现在是“{}”，没有等待审核的提交", state.label());
            }
            let (key, next, word) = match decision {
                Decision::Return => ("returned", State::Returned, "退回"),
                Decision::Approve => ("approved", State::Approved, "审核通过"),
            };
            if decision == Decision::Return && comment.is_none_or(|(_, _, body)| body.trim().is_empty()) {
                bail!("退回时请写明要修改什么");
            }
            let version: i64 = tx.query_row(
                "SELECT version_id FROM submissions WHERE unit = ?1 AND decision IS NULL ORDER BY id DESC LIMIT 1",
                [unit],
                |r| r.get(0),
            )?;
            // A decision is about the version its reviewer saw: a page opened before the unit
            // was returned, changed and submitted again decides nothing.
            if seen.is_some_and(|seen| seen != version) {
                bail!("这个单位在你打开页面之后又提交了新的数据（版本 {version}）：请刷新页面，看过新的数据再审核");
            }
            tx.execute(
                "UPDATE submissions SET decision = ?1, decided_by = ?2, decided_at = ?3
                 WHERE unit = ?4 AND decision IS NULL",
                rusqlite::params![key, actor.account, now(), unit],
            )?;
            if let Some((target, value, body)) = comment.filter(|(_, _, body)| !body.trim().is_empty()) {
                add_comment(tx, actor, unit, Some(version), target, value, body)?;
            }
            set_state(tx, unit, next, actor)?;
            record(tx, actor, key, unit, &format!("{word}版本 {version}"))
        })
    }

    /// Sends `unit` back to 填报中 when it waits for review or publication: its data changed
    /// outside the cycle (by hand in the folder), so what was submitted is no longer what is
    /// there. Returns whether it did.
    pub fn reopen(&self, actor: Actor, unit: &str, why: &str) -> Result<bool> {
        self.transaction(|tx| {
            let state = state_in(tx, unit)?;
            if state.open_to_changes() {
                return Ok(false);
            }
            tx.execute(
                "UPDATE submissions SET decision = 'returned', decided_at = ?1 WHERE unit = ?2 AND decision IS NULL",
                rusqlite::params![now(), unit],
            )?;
            set_state(tx, unit, State::Editing, actor)?;
            record(tx, actor, "reopen", unit, why)?;
            Ok(true)
        })
    }

    /// The version of `unit`'s newest approved submission.
    pub fn approved_version(&self, unit: &str) -> Result<Option<i64>> {
        self.with(|conn| {
            Ok(conn
                .query_row(
                    "SELECT version_id FROM submissions WHERE unit = ?1 AND decision = 'approved' ORDER BY id DESC LIMIT 1",
                    [unit],
                    |r| r.get(0),
                )
                .optional()?)
        })
    }

    /// Adds a comment on `unit` outside a decision.
    pub fn comment(
        &self,
        actor: Actor,
        unit: &str,
        version: Option<i64>,
        target: &str,
        value: &str,
        body: &str,
    ) -> Result<()> {
        if body.trim().is_empty() {
            bail!("意见是空的");
        }
        self.transaction(|tx| add_comment(tx, actor, unit, version, target, value, body))
    }

    /// The comments on `unit`, newest first.
    pub fn comments(&self, unit: &str) -> Result<Vec<Comment>> {
        self.with(|conn| {
            let mut statement = conn.prepare(
                "SELECT c.at, COALESCE(a.display, ''), c.target, c.target_value, c.body, c.version_id
                 FROM comments c LEFT JOIN accounts a ON a.id = c.account_id
                 WHERE c.unit = ?1 ORDER BY c.id DESC",
            )?;
            let rows = statement.query_map([unit], |r| {
                Ok(Comment {
                    at: r.get(0)?,
                    by: r.get(1)?,
                    target: r.get(2)?,
                    target_value: r.get(3)?,
                    body: r.get(4)?,
                    version: r.get(5)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The submissions of `unit`, newest first.
    pub fn submissions(&self, unit: &str) -> Result<Vec<Submission>> {
        self.with(|conn| {
            let mut statement = conn.prepare(
                "SELECT s.version_id, s.at, COALESCE(a.display, ''), COALESCE(s.decision, '')
                 FROM submissions s LEFT JOIN accounts a ON a.id = s.account_id
                 WHERE s.unit = ?1 ORDER BY s.id DESC",
            )?;
            let rows = statement.query_map([unit], |r| {
                Ok(Submission {
                    version: r.get(0)?,
                    at: r.get(1)?,
                    by: r.get(2)?,
                    decision: r.get(3)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Every unit's state (units never seen are 填报中).
    pub fn states(&self) -> Result<std::collections::HashMap<String, State>> {
        self.with(|conn| {
            let mut statement = conn.prepare("SELECT unit, state FROM unit_states")?;
            let rows = statement.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    State::parse(&r.get::<_, String>(1)?),
                ))
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}

fn add_comment(
    tx: &rusqlite::Transaction,
    actor: Actor,
    unit: &str,
    version: Option<i64>,
    target: &str,
    value: &str,
    body: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO comments (unit, version_id, account_id, at, target, target_value, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        rusqlite::params![
            unit,
            version,
            actor.account,
            now(),
            target,
            value,
            body.trim()
        ],
    )?;
    record(tx, actor, "comment", unit, target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_goes_round_the_cycle_and_steps_out_of_turn_are_refused() {
        let (store, dir) = super::super::scratch("cycle");
        let a = Actor::LOCAL;
        let v1 = store
            .add_version("u", "01", "history/u/1.yaml", a, "")
            .unwrap();
        assert_eq!(store.state("u").unwrap(), State::Editing);
        assert!(
            store.decide(a, "u", Decision::Approve, None, None).is_err(),
            "nothing submitted"
        );
        store.submit(a, "u", v1).unwrap();
        assert!(store.submit(a, "u", v1).is_err(), "twice");
        assert!(
            store.decide(a, "u", Decision::Return, None, None).is_err(),
            "a return says why"
        );
        store
            .decide(
                a,
                "u",
                Decision::Return,
                None,
                Some(("预算01表 / 合计 / 预算数", "4,675.21", "请核对")),
            )
            .unwrap();
        assert_eq!(store.state("u").unwrap(), State::Returned);
        let comments = store.comments("u").unwrap();
        assert_eq!(
            (comments[0].target.as_str(), comments[0].version),
            ("预算01表 / 合计 / 预算数", Some(v1))
        );
        let v2 = store
            .add_version("u", "02", "history/u/2.yaml", a, "")
            .unwrap();
        assert_eq!(
            store.state("u").unwrap(),
            State::Returned,
            "comments stay until resubmitted"
        );
        store.submit(a, "u", v2).unwrap();
        assert!(
            store
                .publish(a, "published/x", &[("u".into(), v2)], &[], &[])
                .is_err(),
            "not approved"
        );
        let refused = store.decide(a, "u", Decision::Approve, Some(v1), None);
        assert!(
            format!("{:#}", refused.unwrap_err()).contains("刷新页面"),
            "an approval of the version seen before is refused"
        );
        store
            .decide(a, "u", Decision::Approve, Some(v2), None)
            .unwrap();
        assert_eq!(store.approved_version("u").unwrap(), Some(v2));
        store
            .publish(
                a,
                "published/x",
                &[("u".into(), v2)],
                &[crate::app::store::publications::KeptDepartment {
                    department: "dept".into(),
                    sha256: "ee".into(),
                    units: "u.yaml ff\n".into(),
                    content: b"units: []".to_vec(),
                }],
                &[("u".into(), "published/x/u.pdf".into(), "ff".into())],
            )
            .unwrap();
        assert_eq!(store.state("u").unwrap(), State::Published);
        assert_eq!(
            store.published_department("dept").unwrap(),
            Some(("ee".into(), "u.yaml ff\n".into()))
        );
        assert_eq!(store.published_department("u").unwrap(), None);
        assert_eq!(store.publications().unwrap()[0].1.len(), 1);
        let submissions = store.submissions("u").unwrap();
        assert_eq!(
            (submissions[0].version, submissions[0].decision.as_str()),
            (v2, "approved")
        );
        assert_eq!(submissions[1].decision, "returned");
        store
            .add_version("u", "03", "history/u/3.yaml", a, "")
            .unwrap();
        assert_eq!(store.state("u").unwrap(), State::Editing, "a new round");
        let v4 = store
            .add_version("u", "04", "history/u/4.yaml", a, "")
            .unwrap();
        store.submit(a, "u", v4).unwrap();
        assert!(store.reopen(a, "u", "改动").unwrap());
        assert_eq!(
            store.state("u").unwrap(),
            State::Editing,
            "changed by hand: back to editing"
        );
        assert!(!store.reopen(a, "u", "改动").unwrap());
        assert!(store.audit(Some("u"), 100).unwrap().len() >= 8);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
