//! The yearly cycle in a real browser, with three accounts: the 卫滨区 editor uploads and
//! submits; the reviewer returns it with a comment on one figure; the editor sees the comment,
//! fixes the figure and submits again; the reviewer sees what changed (that figure) and
//! approves; the city office publishes, and the published booklet is `yusuan batch`'s.

use crate::accounts::{with_accounts, ADMIN, WEIBIN};
use crate::serve_browser::{browser, driver, screenshots, text_of, upload, url, wait_for};
use crate::{root, yusuan_ok};
use fantoccini::{Client, Locator};
use std::time::Duration;

/// Logs `login` in through the login page, from wherever the browser is.
async fn log_in(client: &Client, base: &str, login: &str, password: &str) {
    client.goto(&format!("{base}/login")).await.unwrap();
    if client
        .find(Locator::Css("form[action='/logout'] button"))
        .await
        .is_ok()
    {
        client
            .find(Locator::Css("form[action='/logout'] button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_for(client, "the login page", "input[name=login]").await;
    }
    let form = client
        .form(Locator::Css("form[action='/login']"))
        .await
        .unwrap();
    form.set_by_name("login", login).await.unwrap();
    form.set_by_name("password", password).await.unwrap();
    form.submit().await.unwrap();
    if client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("nav.who"))
        .await
        .is_err()
    {
        let shot = screenshots().join("login-failed.png");
        std::fs::write(&shot, client.screenshot().await.unwrap()).unwrap();
        panic!(
            "{login} is not logged in at {}: {}",
            client.current_url().await.unwrap(),
            text_of(client).await
        );
    }
}

async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

async fn state(client: &Client) -> String {
    wait_for(client, "the state", "#state")
        .await
        .text()
        .await
        .unwrap()
}

#[test]
fn a_district_submits_the_city_returns_approves_and_publishes_in_a_browser() {
    let Some(driver) = driver() else {
        return;
    };
    let served = with_accounts("browser-cycle");
    let files = std::env::temp_dir().join(format!("yusuan-cycle-files-{}", std::process::id()));
    std::fs::create_dir_all(&files).unwrap();
    let original = std::fs::read_to_string(root().join(format!("data/{WEIBIN}.yaml"))).unwrap();
    // The first upload: this year's data as the district made it (a note of its own at the end).
    let first = files.join("卫滨区.yaml");
    std::fs::write(&first, format!("{original}\n# 卫滨区社保中心 第一次报送\n")).unwrap();
    // The fix the reviewer asks for: 1 万元 of 办公费 is 劳务费.
    let fixed = files.join("卫滨区-改.yaml");
    let moved = original
        .replace("name: 办公费, gov_code: \"50502\", gov_name: 商品和服务支出, kind: project, amount: 27.90", "name: 办公费, gov_code: \"50502\", gov_name: 商品和服务支出, kind: project, amount: 26.90")
        .replace("name: 劳务费, gov_code: \"50502\", gov_name: 商品和服务支出, kind: project, amount: 69.88", "name: 劳务费, gov_code: \"50502\", gov_name: 商品和服务支出, kind: project, amount: 70.88");
    assert_ne!(moved, original);
    std::fs::write(&fixed, moved).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = browser(&driver).await;
        let base = format!("http://{}", served.addr);
        let page = format!("{base}/unit/{WEIBIN}.yaml");

        // The 卫滨区 editor: sees its one unit, uploads, submits.
        log_in(&client, &base, "weibin", "weibin-password").await;
        let rows = client.find_all(Locator::Css("table.units tbody tr")).await.unwrap();
        assert_eq!(rows.len(), 1, "the editor's board shows its own unit only");
        client.goto(&page).await.unwrap();
        upload(&client, &first).await;
        client.wait().at_most(Duration::from_secs(60)).for_url(&url(&format!("{page}?saved=1"))).await.unwrap();
        assert_eq!(state(&client).await, "填报中");
        click(&client, "#submit button").await;
        client.wait().at_most(Duration::from_secs(30)).for_element(Locator::XPath("//*[@id='state' and text()='已提交']")).await.unwrap();
        // Waiting for review, the data cannot change: the page says so instead of offering an upload.
        assert!(client.find(Locator::Css("form[data-upload]")).await.is_err());
        let locked = client.find(Locator::Css("#locked")).await.unwrap().text().await.unwrap();
        assert!(locked.contains("审核结束"), "{locked}");

        // The reviewer returns it, with a comment on the 办公费 figure of 预算07表.
        log_in(&client, &base, "shenhe", "shenhe-password").await;
        assert_eq!(client.find_all(Locator::Css("table.units tbody tr")).await.unwrap().len(), 12);
        client.goto(&page).await.unwrap();
        assert_eq!(state(&client).await, "已提交");
        let target = client
            .find(Locator::XPath("//select[@id='comment-target']//option[contains(., '预算07表') and contains(., '办公费') and contains(., '总计：27.90')]"))
            .await
            .expect("the 办公费 figure can be commented on");
        let target_text = target.text().await.unwrap();
        target.click().await.unwrap();
        client.find(Locator::Css("#comment-body")).await.unwrap().send_keys("办公费应为 26.90 万元，其中 1 万元属于劳务费，请改正后重新提交。").await.unwrap();
        click(&client, "#return").await;
        client.wait().at_most(Duration::from_secs(30)).for_element(Locator::XPath("//*[@id='state' and text()='退回']")).await.unwrap();

        // The editor sees the comment on that figure, fixes it, submits again.
        log_in(&client, &base, "weibin", "weibin-password").await;
        client.goto(&page).await.unwrap();
        assert_eq!(state(&client).await, "退回");
        let comments = wait_for(&client, "the comments", "#comments").await.text().await.unwrap();
        assert!(comments.contains("办公费应为 26.90 万元") && comments.contains("shenhe"), "{comments}");
        let (place, figure) = target_text.rsplit_once('：').unwrap();
        assert!(comments.contains(place) && comments.contains(figure), "the figure it is about: {comments}");
        std::fs::write(screenshots().join("returned.png"), client.screenshot().await.unwrap()).unwrap();
        upload(&client, &fixed).await;
        client.wait().at_most(Duration::from_secs(60)).for_url(&url(&format!("{page}?saved=1"))).await.unwrap();
        click(&client, "#submit button").await;
        client.wait().at_most(Duration::from_secs(30)).for_element(Locator::XPath("//*[@id='state' and text()='已提交']")).await.unwrap();

        // The reviewer sees what changed since the last submission: that figure, and approves.
        log_in(&client, &base, "shenhe", "shenhe-password").await;
        client.goto(&page).await.unwrap();
        let since = wait_for(&client, "the changes since the last submission", "#since-submission").await;
        let rows = since.find_all(Locator::Css("tbody tr")).await.unwrap();
        let mut listed = Vec::new();
        for row in rows {
            listed.push(row.text().await.unwrap());
        }
        assert!(listed.iter().any(|r| r.contains("办公费") && r.contains("总计") && r.contains("27.90") && r.contains("26.90")), "{listed:?}");
        assert!(listed.iter().all(|r| r.contains("办公费") || r.contains("劳务费")), "only the moved money: {listed:?}");
        assert_eq!(listed.len(), 6, "{listed:?}");
        std::fs::write(screenshots().join("review.png"), client.screenshot().await.unwrap()).unwrap();
        click(&client, "#approve").await;
        client.wait().at_most(Duration::from_secs(30)).for_element(Locator::XPath("//*[@id='state' and text()='已审核']")).await.unwrap();

        // The city office publishes.
        log_in(&client, &base, ADMIN.0, ADMIN.1).await;
        click(&client, "#publish button").await;
        let done = client.wait().at_most(Duration::from_secs(120)).for_element(Locator::Css("#published")).await.unwrap();
        assert!(done.text().await.unwrap().contains("published/"));
        std::fs::write(screenshots().join("published.png"), client.screenshot().await.unwrap()).unwrap();
        let text = text_of(&client).await;
        assert!(text.contains("已发布"));
        client.close().await.unwrap();
    });
    // What was published is what `yusuan batch` builds from the approved data, byte for byte.
    let published = std::fs::read_dir(served.dir.join("published"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let out = files.join("batch");
    let data = served.dir.join(format!("data/{WEIBIN}.yaml"));
    assert_eq!(
        std::fs::read(&data).unwrap(),
        std::fs::read(&fixed).unwrap()
    );
    let folder = files.join("approved");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(&data, folder.join(format!("{WEIBIN}.yaml"))).unwrap();
    yusuan_ok(&[
        "batch",
        folder.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let unit = "卫滨区社会保险中心";
    let mut compared = 0;
    for entry in std::fs::read_dir(out.join(unit)).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        assert_eq!(
            std::fs::read(published.join(unit).join(name)).unwrap(),
            std::fs::read(&path).unwrap(),
            "{name:?}"
        );
        compared += 1;
    }
    assert!(compared >= 3, "PDF, DOCX and XLSX");
    let manifest = std::fs::read_to_string(published.join("manifest.json")).unwrap();
    assert!(
        manifest.contains(&format!("data/{WEIBIN}.yaml")),
        "{manifest}"
    );
    let _ = std::fs::remove_dir_all(&files);
}
