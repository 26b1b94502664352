() => {
  // What only the browser can do for kumeqa; Gradio runs this once the page has loaded.
  const kq = (window.kumeqa = window.kumeqa || {});

  // Copy buttons (.kq-copy) copy the hidden text after them (.kq-data): plain text or Markdown, never the HTML around it.
  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        return;
      } catch (error) {
        // Permission refused: fall through to the selection copy.
      }
    }
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  kq.copied = "";
  document.addEventListener("click", (event) => {
    const button = event.target.closest(".kq-copy");
    if (!button) return;
    event.preventDefault();
    const data = button.nextElementSibling;
    const text = data && data.classList.contains("kq-data") ? data.textContent : "";
    copyText(text).then(() => {
      kq.copied = text;
      const label = button.dataset.label || button.textContent;
      button.dataset.label = label;
      button.classList.add("kq-done");
      button.textContent = "Kopyalandı ✓";
      setTimeout(() => {
        button.classList.remove("kq-done");
        button.textContent = label;
      }, 1500);
    });
  });

  // Answer first: after each question the chat box is scrolled so that the newest
  // question and the first line of its answer are at its top, and the window so
  // that this line is inside it (a phone's window is shorter than the chat).
  function scroller(node) {
    for (let el = node.parentElement; el && el.id !== "kq-chat"; el = el.parentElement) {
      const style = getComputedStyle(el);
      if (/(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight) return el;
    }
    return null;
  }
  kq.showLatestAnswer = () => {
    const firsts = document.querySelectorAll("#kq-chat .kq-first");
    const first = firsts[firsts.length - 1];
    if (!first) return;
    const box = scroller(first);
    if (box) {
      // The user's question just above the answer, when both fit.
      const answerTop = first.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
      let top = answerTop - 8;
      const rows = Array.from(box.querySelectorAll(".user-row, .message.user, [data-testid='user']"));
      const question = rows[rows.length - 1];
      if (question) {
        const qTop = question.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
        if (answerTop - qTop < box.clientHeight * 0.35) top = qTop - 8;
      }
      box.scrollTop = Math.max(0, top);
    }
    const rect = first.getBoundingClientRect();
    if (rect.top < 0 || rect.bottom > window.innerHeight) {
      window.scrollBy({ top: rect.top - Math.min(120, window.innerHeight * 0.2), behavior: "instant" });
    }
  };
  // Gradio may lay the chat out again a moment after the answer arrived.
  kq.showLatestAnswerSoon = () => {
    kq.showLatestAnswer();
    requestAnimationFrame(() => kq.showLatestAnswer());
    setTimeout(() => kq.showLatestAnswer(), 120);
  };

  // Gradio labels chat messages for screen readers in English and with the raw
  // HTML of the message ("bot's message: <div class=…"); say it in Turkish, as text.
  function labelMessages() {
    const selector = "#kq-chat [aria-label^=\"bot's message\"], #kq-chat [aria-label^=\"user's message\"]";
    document.querySelectorAll(selector).forEach((el) => {
      const who = el.getAttribute("aria-label").startsWith("bot") ? "Yanıt" : "Soru";
      const row = el.closest(".message-row") || el;
      const text = (row.querySelector(".message-content") || row).textContent;
      el.setAttribute("aria-label", `${who}: ${text.replace(/\s+/g, " ").trim().slice(0, 400)}`);
    });
  }
  // Screen-reader labels Gradio leaves in English whatever the language.
  const TURKISH_LABELS = {
    "chatbot conversation": "Sohbet",
    "More tabs": "Diğer sekmeler",
    "Copy message": "İletiyi kopyala",
    "Clear": "Temizle",
    "Close": "Kapat",
  };
  // A notice's heading (gr.Warning, e.g. "Soru boş olamaz.") is its level in English,
  // whatever title it is given. The text node is changed in place: Gradio keeps it.
  const TURKISH_TITLES = { Warning: "Uyarı", Error: "Hata", Info: "Bilgi", Success: "Tamam" };
  function retitleNotices() {
    document.querySelectorAll(".toast-title").forEach((title) => {
      title.childNodes.forEach((node) => {
        const turkish = node.nodeType === Node.TEXT_NODE && TURKISH_TITLES[node.nodeValue.trim()];
        if (turkish) node.nodeValue = `${turkish} `;
      });
    });
  }
  function relabel() {
    labelMessages();
    retitleNotices();
    for (const [english, turkish] of Object.entries(TURKISH_LABELS)) {
      document.querySelectorAll(`[aria-label="${english}"]`).forEach((el) => el.setAttribute("aria-label", turkish));
    }
  }
  relabel();
  new MutationObserver(relabel).observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["aria-label"],
  });
}
