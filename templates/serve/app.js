// yusuan 工作台: uploads by dropping a file, 全部生成 with live progress. Every request that
// changes something carries the page's token; every text from the server is set as text.
"use strict";

const token = () => document.querySelector('meta[name="csrf-token"]').content;

function send(form, file) {
  const data = new FormData();
  data.append("csrf", token());
  data.append("file", file, file.name);
  form.classList.add("sending");
  fetch(form.action, { method: "POST", body: data, headers: { "X-CSRF-Token": token() } })
    .then(async (response) => {
      if (response.redirected) {
        window.location.href = response.url;
        return;
      }
      // Refused: say why beside the form (the server's page, read as text).
      form.classList.remove("sending");
      showRefusal(form, await response.text(), response.status);
    })
    .catch((error) => {
      form.classList.remove("sending");
      showRefusal(form, "", "工作台没有回应（" + error + "）：确认它还在运行");
    })
    .finally(() => {
      // The same file chosen again (corrected, or after a refusal) is sent again.
      form.querySelector('input[type="file"]').value = "";
    });
}

// The reason a refusal page gives, or its status when it gives none.
function reason(html, status) {
  if (!html) return String(status);
  const page = new DOMParser().parseFromString(html, "text/html");
  const text = page.querySelector(".notice .text") || page.body;
  return (text && text.textContent.trim()) || "请求被拒绝（" + status + "）";
}

function showRefusal(form, html, status) {
  const box = form.querySelector(".upload-error");
  box.textContent = reason(html, status);
  box.hidden = false;
}

// Times come as UTC; each reader sees them in their own time zone.
for (const time of document.querySelectorAll("time[datetime]")) {
  const at = new Date(time.getAttribute("datetime"));
  if (!isNaN(at)) {
    time.textContent = at.toLocaleString("zh-CN", { hour12: false, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
  }
}

for (const button of document.querySelectorAll("button[data-delete]")) {
  button.addEventListener("click", () => {
    if (!confirm("删除这个草稿？")) return;
    fetch(button.dataset.delete, { method: "POST", headers: { "X-CSRF-Token": token() } }).then(async (response) => {
      if (response.redirected) window.location.href = response.url;
      else alert(reason(await response.text(), response.status));
    }).catch((error) => alert("工作台没有回应（" + error + "）：确认它还在运行"));
  });
}

for (const form of document.querySelectorAll("form[data-upload]")) {
  const input = form.querySelector('input[type="file"]');
  input.addEventListener("change", () => {
    if (input.files.length) send(form, input.files[0]);
  });
  form.addEventListener("dragover", (event) => {
    event.preventDefault();
    form.classList.add("over");
  });
  form.addEventListener("dragleave", () => form.classList.remove("over"));
  form.addEventListener("drop", (event) => {
    event.preventDefault();
    form.classList.remove("over");
    if (event.dataTransfer.files.length) send(form, event.dataTransfer.files[0]);
  });
}

for (const link of document.querySelectorAll("a[data-back]")) {
  link.addEventListener("click", (event) => {
    event.preventDefault();
    history.back();
  });
}

const buildButton = document.getElementById("build-all");
if (buildButton) {
  const box = document.getElementById("build-progress");
  const bar = document.getElementById("build-bar");
  const text = document.getElementById("build-text");
  const failed = document.getElementById("build-failed");

  const show = (state) => {
    box.hidden = false;
    const done = state.done.length;
    const total = state.total || 1;
    bar.style.width = Math.round((100 * done) / total) + "%";
    const bad = state.done.filter((unit) => !unit.ok);
    if (state.error) {
      text.textContent = "无法生成：" + state.error;
    } else if (state.running) {
      text.textContent = "正在生成：" + done + " / " + state.total + (done ? "，刚完成 " + state.done[done - 1].name : "");
    } else {
      text.textContent = "已生成 " + (done - bad.length) + " 个单位" + (bad.length ? "，" + bad.length + " 个失败" : "") +
        (state.seconds ? "，用时 " + state.seconds.toFixed(1) + " 秒" : "") + "。";
    }
    failed.replaceChildren();
    for (const unit of bad) {
      const item = document.createElement("li");
      item.textContent = unit.name;
      const why = document.createElement("pre");
      why.textContent = unit.failure || "";
      item.appendChild(why);
      failed.appendChild(item);
    }
    buildButton.disabled = state.running;
  };

  const poll = () =>
    fetch("/build/status", { cache: "no-store" })
      .then((response) => response.json())
      .then((state) => {
        show(state);
        if (state.running) setTimeout(poll, 400);
        else if (state.total) setTimeout(() => window.location.reload(), 1500);
      });

  buildButton.addEventListener("click", () => {
    buildButton.disabled = true;
    fetch("/build", { method: "POST", headers: { "X-CSRF-Token": token() } }).then(async (response) => {
      const body = await response.text();
      let state;
      try {
        state = JSON.parse(body);
      } catch (_) {
        // Refused (a page left open across a restart of the workspace): say why.
        box.hidden = false;
        text.textContent = reason(body, response.status);
        buildButton.disabled = false;
        return;
      }
      show(state);
      poll();
    }).catch((error) => {
      box.hidden = false;
      text.textContent = "工作台没有回应（" + error + "）：确认它还在运行";
      buildButton.disabled = false;
    });
  });

  fetch("/build/status", { cache: "no-store" })
    .then((response) => response.json())
    .then((state) => {
      if (state.running) {
        show(state);
        poll();
      } else if (state.total) {
        show(state);
      }
    });
}
