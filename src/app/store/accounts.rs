//! Accounts and sessions. A password is kept only as its argon2id hash; a session is a random
//! token the browser keeps in a cookie, kept here only as its SHA-256, with its own CSRF token,
//! and it ends after [`IDLE_SECONDS`] unused or [`LIFE_SECONDS`] in all, at logout, and when the
//! account's password changes.

use super::audit::record;
use super::{now, Actor, Store};
use anyhow::{bail, Result};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rusqlite::OptionalExtension;

/// A session unused this long has ended (two hours).
pub const IDLE_SECONDS: i64 = 2 * 3600;
/// A session ends this long after its login, used or not (twelve hours: one working day).
pub const LIFE_SECONDS: i64 = 12 * 3600;
/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The city office: every unit, accounts, publishing.
    Admin,
    /// Reads every unit, comments, returns or approves submissions.
    Reviewer,
    /// A district's staff: reads, uploads and submits its own units only.
    Editor,
}

impl Role {
    /// Its name in the database and in forms.
    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Reviewer => "reviewer",
            Role::Editor => "editor",
        }
    }

    /// Its name on the pages.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "管理员（市局）",
            Role::Reviewer => "审核人",
            Role::Editor => "填报人",
        }
    }

    /// The role named `key`.
    pub fn parse(key: &str) -> Option<Role> {
        [Role::Admin, Role::Reviewer, Role::Editor]
            .into_iter()
            .find(|role| role.key() == key)
    }
}

/// An account, with the units it is bound to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Account {
    /// Its number.
    pub id: i64,
    /// The name it logs in with.
    pub login: String,
    /// The name shown for it (a person or an office).
    pub display: String,
    /// What it may do.
    pub role: Role,
    /// The units (data file stems) an editor is bound to.
    pub units: Vec<String>,
    /// Whether the admin has disabled it (it cannot log in).
    pub disabled: bool,
}

impl Account {
    /// Who this account is, for the records.
    pub fn actor(&self) -> Actor {
        Actor {
            account: Some(self.id),
        }
    }
}

/// `password`'s argon2id hash, with a fresh random salt.
fn hash(password: &str) -> Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("无法取得随机数：{e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("无法计算密码的散列：{e}"))?
        .to_string())
}

fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// The problem with `password` as a new password, if any.
pub fn weak(password: &str) -> Option<String> {
    (password.chars().count() < MIN_PASSWORD_CHARS)
        .then(|| format!("密码至少要 {MIN_PASSWORD_CHARS} 个字符"))
}

/// 32 random bytes, hex.
pub fn random_hex() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("无法取得随机数：{e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn token_hash(token: &str) -> String {
    crate::base::digest::sha256_hex(token.as_bytes())
}

impl Store {
    /// How many accounts there are.
    pub fn account_count(&self) -> Result<i64> {
        self.with(|conn| Ok(conn.query_row("SELECT COUNT(*) FROM accounts", [], |r| r.get(0))?))
    }

    /// Makes an account. `login` must be new and `password` long enough.
    pub fn create_account(
        &self,
        by: Actor,
        login: &str,
        display: &str,
        role: Role,
        password: &str,
        units: &[String],
    ) -> Result<i64> {
        let login = login.trim();
        if login.is_empty() || login.chars().count() > 64 || login.chars().any(char::is_whitespace)
        {
            bail!("登录名要有 1 到 64 个字符，不含空格");
        }
        if let Some(problem) = weak(password) {
            bail!("{problem}");
        }
        let display = if display.trim().is_empty() {
            login
        } else {
            display.trim()
        };
        let hashed = hash(password)?;
        self.transaction(|tx| {
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM accounts WHERE login = ?1)",
                [login],
                |r| r.get(0),
            )?;
            if taken {
                bail!("已经有登录名为“{login}”的账户");
            }
            tx.execute(
                "INSERT INTO accounts (login, display, role, password, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![login, display, role.key(), hashed, now()],
            )?;
            let id = tx.last_insert_rowid();
            for unit in units {
                tx.execute(
                    "INSERT OR IGNORE INTO account_units (account_id, unit) VALUES (?1, ?2)",
                    rusqlite::params![id, unit],
                )?;
            }
            record(tx, by, "account", "", &format!("新账户 {login}（{}），单位：{}", role.label(), units.join("、")))?;
            Ok(id)
        })
    }

    /// Binds the account `id` to exactly `units`.
    pub fn set_units(&self, by: Actor, id: i64, units: &[String]) -> Result<()> {
        self.transaction(|tx| {
            tx.execute("DELETE FROM account_units WHERE account_id = ?1", [id])?;
            for unit in units {
                tx.execute(
                    "INSERT OR IGNORE INTO account_units (account_id, unit) VALUES (?1, ?2)",
                    rusqlite::params![id, unit],
                )?;
            }
            record(
                tx,
                by,
                "account",
                "",
                &format!("账户 {id} 的单位：{}", units.join("、")),
            )
        })
    }

    /// Every account, by login name.
    pub fn accounts(&self) -> Result<Vec<Account>> {
        let ids: Vec<i64> = self.with(|conn| {
            let mut statement = conn.prepare("SELECT id FROM accounts ORDER BY login")?;
            let rows = statement.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })?;
        ids.into_iter()
            .filter_map(|id| self.account(id).transpose())
            .collect()
    }

    /// The account numbered `id`.
    pub fn account(&self, id: i64) -> Result<Option<Account>> {
        self.with(|conn| {
            let found = conn
                .query_row(
                    "SELECT id, login, display, role, disabled FROM accounts WHERE id = ?1",
                    [id],
                    |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, String>(3)?,
                            r.get::<_, bool>(4)?,
                        ))
                    },
                )
                .optional()?;
            let Some((id, login, display, role, disabled)) = found else {
                return Ok(None);
            };
            let mut statement =
                conn.prepare("SELECT unit FROM account_units WHERE account_id = ?1 ORDER BY unit")?;
            let units = statement
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(Some(Account {
                id,
                login,
                display,
                role: Role::parse(&role).unwrap_or(Role::Editor),
                units,
                disabled,
            }))
        })
    }

    /// The account `login` when `password` is its password. An unknown name costs as much time
    /// as a wrong password, so the answer's time does not tell which names exist.
    pub fn check_password(&self, login: &str, password: &str) -> Result<Option<Account>> {
        let found: Option<(i64, String)> = self.with(|conn| {
            Ok(conn
                .query_row(
                    "SELECT id, password FROM accounts WHERE login = ?1 AND disabled = 0",
                    [login.trim()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?)
        })?;
        match found {
            Some((id, stored)) if verify(password, &stored) => self.account(id),
            Some(_) => Ok(None),
            None => {
                let _ = verify(password, &hash("never the password")?);
                Ok(None)
            }
        }
    }

    /// Sets the password of the account `id`, and ends its sessions other than `keep` (a
    /// session token).
    pub fn set_password(
        &self,
        by: Actor,
        id: i64,
        password: &str,
        keep: Option<&str>,
    ) -> Result<()> {
        if let Some(problem) = weak(password) {
            bail!("{problem}");
        }
        let hashed = hash(password)?;
        let keep = keep.map(token_hash).unwrap_or_default();
        self.transaction(|tx| {
            tx.execute(
                "UPDATE accounts SET password = ?1 WHERE id = ?2",
                rusqlite::params![hashed, id],
            )?;
            tx.execute(
                "DELETE FROM sessions WHERE account_id = ?1 AND token_hash <> ?2",
                rusqlite::params![id, keep],
            )?;
            record(
                tx,
                by,
                "password",
                "",
                &format!("账户 {id} 的密码已更改，其他登录已结束"),
            )
        })
    }

    /// Disables (or enables again) the account `id`; a disabled account's sessions end.
    pub fn set_disabled(&self, by: Actor, id: i64, disabled: bool) -> Result<()> {
        self.transaction(|tx| {
            tx.execute(
                "UPDATE accounts SET disabled = ?1 WHERE id = ?2",
                rusqlite::params![disabled, id],
            )?;
            if disabled {
                tx.execute("DELETE FROM sessions WHERE account_id = ?1", [id])?;
            }
            let word = if disabled { "停用" } else { "启用" };
            record(tx, by, "account", "", &format!("账户 {id} 已{word}"))
        })
    }

    /// Opens a session for `account`: its cookie token and its CSRF token.
    pub fn open_session(&self, account: &Account) -> Result<(String, String)> {
        let (token, csrf) = (random_hex()?, random_hex()?);
        let at = now();
        self.transaction(|tx| {
            tx.execute("DELETE FROM sessions WHERE expires_at <= ?1 OR seen_at <= ?2", rusqlite::params![at, at - IDLE_SECONDS])?;
            tx.execute(
                "INSERT INTO sessions (token_hash, account_id, csrf, created_at, expires_at, seen_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?4)",
                rusqlite::params![token_hash(&token), account.id, csrf, at, at + LIFE_SECONDS],
            )?;
            record(tx, account.actor(), "login", "", "")
        })?;
        Ok((token, csrf))
    }

    /// The account and CSRF token of the session `token`, when it is open and has not expired
    /// (it counts as used now).
    pub fn session(&self, token: &str) -> Result<Option<(Account, String)>> {
        let at = now();
        let found: Option<(i64, String)> = self.with(|conn| {
            let hashed = token_hash(token);
            let found = conn
                .query_row(
                    "SELECT account_id, csrf FROM sessions
                     WHERE token_hash = ?1 AND expires_at > ?2 AND seen_at > ?3
                       AND account_id IN (SELECT id FROM accounts WHERE disabled = 0)",
                    rusqlite::params![hashed, at, at - IDLE_SECONDS],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            // Written at most once a minute: a page's pictures do not each cost a disk sync.
            if found.is_some() {
                conn.execute(
                    "UPDATE sessions SET seen_at = ?1 WHERE token_hash = ?2 AND seen_at < ?1 - 60",
                    rusqlite::params![at, hashed],
                )?;
            }
            Ok(found)
        })?;
        let Some((id, csrf)) = found else {
            return Ok(None);
        };
        Ok(self.account(id)?.map(|account| (account, csrf)))
    }

    /// Ends the session `token`.
    pub fn close_session(&self, token: &str) -> Result<()> {
        self.with(|conn| {
            conn.execute(
                "DELETE FROM sessions WHERE token_hash = ?1",
                [token_hash(token)],
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_argon2id_and_a_change_ends_the_other_sessions() {
        let (store, dir) = super::super::scratch("accounts");
        let id = store
            .create_account(
                Actor::LOCAL,
                "weibin",
                "卫滨区",
                Role::Editor,
                "correct horse",
                &["卫滨区社会保险中心".into()],
            )
            .unwrap();
        let stored: String = store
            .with(|c| Ok(c.query_row("SELECT password FROM accounts", [], |r| r.get(0))?))
            .unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(!stored.contains("correct horse"));
        assert!(store
            .create_account(Actor::LOCAL, "WEIBIN", "", Role::Editor, "another one", &[])
            .is_err());
        assert!(store
            .create_account(Actor::LOCAL, "short", "", Role::Editor, "1234567", &[])
            .is_err());
        assert_eq!(store.check_password("weibin", "wrong horse").unwrap(), None);
        assert_eq!(
            store.check_password("nobody", "correct horse").unwrap(),
            None
        );
        let account = store
            .check_password("weibin", "correct horse")
            .unwrap()
            .unwrap();
        assert_eq!(account.units, ["卫滨区社会保险中心"]);
        let (first, _) = store.open_session(&account).unwrap();
        let (second, csrf) = store.open_session(&account).unwrap();
        assert_eq!(store.session(&second).unwrap().unwrap().1, csrf);
        assert!(store.session("forged").unwrap().is_none());
        store
            .set_password(account.actor(), id, "battery staple", Some(&second))
            .unwrap();
        assert!(
            store.session(&first).unwrap().is_none(),
            "the other session ended"
        );
        assert!(
            store.session(&second).unwrap().is_some(),
            "this one goes on"
        );
        assert!(store
            .check_password("weibin", "battery staple")
            .unwrap()
            .is_some());
        store.close_session(&second).unwrap();
        assert!(store.session(&second).unwrap().is_none());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
