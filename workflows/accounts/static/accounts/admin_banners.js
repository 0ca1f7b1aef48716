// The apps' banners (workflows/accounts/admin_banners.py) are drawn before Wagtail's sidebar, the one place
// every admin screen shares; once the page is read they move to the top of the screen's own content, where
// they do not push the sidebar down. Without script they stay above it, still readable.
const banners = document.querySelector("[data-ucc-admin-banners]");
const content = document.querySelector("#main .content");
if (banners && content) {
    content.prepend(banners);
}
