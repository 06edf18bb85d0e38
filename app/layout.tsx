import { GeistMono } from "geist/font/mono";
import { GeistSans } from "geist/font/sans";
import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { connection } from "next/server";
import { ThemeProvider } from "next-themes";
import type { ReactNode } from "react";
import { FIRST_PAINT_THEME_SCRIPT, THEME_STORAGE_KEY } from "@/lib/theme/first-paint-script";
import "./globals.css";

export const metadata: Metadata = {
  title: "chatbot",
  description: "A self-hostable ChatGPT-like chat app",
  applicationName: "chatbot",
  // Drawn from public/icon.svg by scripts/generate-icons.ts.
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "16x16 32x32 48x48" },
      { url: "/icon.svg", type: "image/svg+xml" },
    ],
    apple: { url: "/apple-touch-icon.png", sizes: "180x180" },
  },
  manifest: "/manifest.webmanifest",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request so that Next.js can put the CSP nonce (set in proxy.ts) on its scripts; a page
  // prerendered at build time (the 404 page, for one) would carry none and its scripts would be blocked.
  await connection();
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  // The theme class is set on <html> by a blocking script before the first paint (no flash of the wrong theme),
  // which is why React must not complain that the server's <html> had no class.
  return (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`} suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: FIRST_PAINT_THEME_SCRIPT }} />
      </head>
      <body className="font-sans">
        <ThemeProvider
          attribute="class"
          defaultTheme="system"
          enableSystem
          disableTransitionOnChange
          nonce={nonce}
          storageKey={THEME_STORAGE_KEY}
        >
          {children}
        </ThemeProvider>
      </body>
    </html>
  );
}
