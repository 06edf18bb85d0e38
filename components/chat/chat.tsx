"use client";

import { useCallback, useEffect, useState } from "react";
import { useStickToBottom } from "use-stick-to-bottom";
import { onAppEvent } from "@/components/app-events";
import type { PublicModel } from "@/lib/ai/catalog";
import type { ChatMessage, FilePart } from "@/lib/chat/types";
import type { ClientUploadLimits } from "@/lib/documents/client-limits";
import { ChatError } from "./chat-error";
import { isDailyLimit } from "./chat-failure";
import { ChatHeader } from "./chat-header";
import { Composer } from "./composer";
import { useAttachments } from "./use-attachments";
import { ArrowIcon } from "./icons";
import { MessageItem } from "./message-item";
import { ModelPicker } from "./model-picker";
import { SuggestedPrompts } from "./suggested-prompts";
import { useChatTitle } from "./use-chat-title";
import { openingBranch, useMessageTree } from "./use-message-tree";
import { useDeferredChat } from "./use-deferred-chat";
import { usePendingAnswers } from "./use-pending-answers";
import { useResumeAfterDisconnect } from "./use-resume-after-disconnect";
import { type InitialVote, useVotes } from "./use-votes";

export type ChatProps = {
  id: string;
  title?: string;
  visibility: "private" | "public";
  /** Every message of the chat, each naming its parent, oldest first: the tree of versions. */
  initialMessages: ChatMessage[];
  initialVotes: InitialVote[];
  isNewChat: boolean;
  models: PublicModel[];
  initialModelId: string;
  /** Chat models a guest would get by signing up. */
  lockedModelCount: number;
  isDemo: boolean;
  isGuest: boolean;
  /** UPLOAD_MAX_FILE_MB and UPLOAD_MAX_FILES_PER_MESSAGE, checked before a file uploads. */
  uploadLimits: ClientUploadLimits;
};

export function Chat(props: ChatProps) {
  const { id, isNewChat } = props;
  const [opening] = useState(() => openingBranch(props.initialMessages));
  // The server remembers the pick with the chat when the next message is sent.
  const [modelId, setModelId] = useState(props.initialModelId);
  const [editingId, setEditingId] = useState<string | null>(null);
  const heading = useChatTitle({ chatId: id, initialTitle: props.title, initialVisibility: props.visibility });
  const { votes, vote } = useVotes(id, props.initialVotes);

  const { messages, setMessages, sendMessage, status, stop, error, regenerate, clearError, resumeStream, preload } = useDeferredChat({
    id,
    messages: opening,
    resume: opening.at(-1)?.metadata?.pending === "writing",
    onData: heading.onData,
    onFinish: ({ message, isError }) => {
      // A request refused up front (quota, network) saved nothing; an answer that broke off midway was saved.
      if (!isError || message.parts.length > 0) heading.onAnswerDone();
    },
  });
  const tree = useMessageTree(props.initialMessages, messages);
  const isStreamingHere = status === "submitted" || status === "streaming";
  usePendingAnswers({ chatId: id, messages, setMessages, isBusy: isStreamingHere });
  useResumeAfterDisconnect({ error, messages, setMessages, clearError, resumeStream });
  // An answer still being written (the page was reloaded meanwhile) holds the chat as a streaming one does: no new
  // message until it is stored, and Stop still ends it.
  const isBusy = isStreamingHere || messages.at(-1)?.metadata?.pending === "writing";
  const { scrollRef, contentRef, isAtBottom, scrollToBottom, stopScroll } = useStickToBottom({ initial: "instant", resize: "smooth" });
  const options = { body: { model: modelId } };

  const attachments = useAttachments(props.uploadLimits);

  const send = (text: string, files: FilePart[] = []) => {
    if (isNewChat && messages.length === 0) {
      window.history.replaceState(null, "", `/chat/${id}`);
      heading.onFirstSend([...files, { type: "text", text }]);
    }
    // A question that got no answer because the request failed is replaced, not followed: the server may not have it.
    if (status === "error" && messages.at(-1)?.role === "user") setMessages(messages.slice(0, -1));
    void scrollToBottom();
    void sendMessage(files.length > 0 ? { text, files } : { text }, options);
  };

  // Retry and Regenerate both ask again for the last question; the answer on screen stays as a version.
  const answerAgain = () => {
    tree.remember();
    clearError();
    void scrollToBottom();
    void regenerate(options);
  };

  const switchTo = (messageId: string) => {
    if (isBusy) return;
    const branch = tree.branchTo(messageId);
    if (branch.length === 0) return;
    setEditingId(null);
    clearError();
    setMessages(branch);
  };

  // An edit is a sibling of the message it replaces: the branch is cut before it, then the new text is sent.
  const submitEdit = (messageId: string, text: string) => {
    const index = messages.findIndex((message) => message.id === messageId);
    const edited = messages[index];
    if (!edited || isBusy) return;
    // The new version keeps the files of the one it replaces: only the text was edited.
    const files = edited.parts.filter((part): part is FilePart => part.type === "file");
    tree.remember();
    setEditingId(null);
    clearError();
    setMessages(messages.slice(0, index));
    void scrollToBottom();
    void sendMessage(files.length > 0 ? { text, files } : { text }, options);
  };

  // The editor replaces a message higher up: stop following the bottom so that it stays where the reader looks.
  const startEdit = (messageId: string) => {
    stopScroll();
    setEditingId(messageId);
  };

  const stopAnswer = useCallback(() => {
    // Tell the server first: closing the connection alone would let the answer finish (it is saved either way).
    void fetch(`/api/chat/${id}/stream`, { method: "DELETE" }).catch(() => undefined);
    void stop();
  }, [id, stop]);

  useEffect(() => onAppEvent("stop-answer", () => isBusy && stopAnswer()), [isBusy, stopAnswer]);

  const returnPath = isNewChat && messages.length === 0 ? "/" : `/chat/${id}`;
  const signUpHref = `/register?redirectTo=${encodeURIComponent(returnPath)}`;
  const lastAnswerId = messages.at(-1)?.role === "assistant" ? messages.at(-1)?.id : undefined;
  const isEmpty = messages.length === 0;

  return (
    // Any key press or tap in the chat is the sign that the user is about to chat: the AI SDK starts loading then.
    <div className="flex h-dvh min-w-0 flex-1 flex-col" onKeyDownCapture={preload} onPointerDownCapture={preload}>
      <ChatHeader
        chatId={id}
        title={heading.title}
        visibility={heading.visibility}
        isSaved={!isNewChat || messages.some((message) => message.role === "assistant")}
        isDemo={props.isDemo}
      />

      <main className="relative min-h-0 flex-1 overflow-hidden">
        <div ref={scrollRef} data-testid="chat-scroller" className="relative h-full overflow-y-auto overscroll-contain">
          <div ref={contentRef} className="mx-auto flex w-full max-w-3xl flex-col gap-5 px-4 pt-4 pb-10 sm:px-6">
            {isEmpty ? (
              <div className="mt-[16vh] text-center sm:mt-[22vh]">
                <h2 className="text-2xl font-semibold tracking-tight sm:text-3xl">How can I help you today?</h2>
                {props.isDemo ? (
                  <p className="mx-auto mt-3 max-w-md text-sm text-zinc-500 dark:text-zinc-400">
                    Demo mode: a built-in model answers. Set an AI provider key to chat with a real model.
                  </p>
                ) : null}
              </div>
            ) : (
              messages.map((message, index) => (
                <MessageItem
                  key={message.id}
                  message={message}
                  isStreaming={isStreamingHere && index === messages.length - 1 && message.role === "assistant"}
                  isLast={message.id === lastAnswerId}
                  isBusy={isBusy}
                  versions={tree.versions.get(message.id)}
                  isEditing={editingId === message.id}
                  isUpvoted={votes.get(message.id)}
                  onSwitch={switchTo}
                  onStartEdit={startEdit}
                  onCancelEdit={() => setEditingId(null)}
                  onSubmitEdit={submitEdit}
                  onVote={vote}
                  onRegenerate={message.id === lastAnswerId && !isBusy ? answerAgain : undefined}
                />
              ))
            )}
            {status === "submitted" && messages.at(-1)?.role === "user" ? (
              <div data-role="assistant" aria-busy="true">
                <span role="status" aria-label="Waiting for the answer" className="inline-block size-3.5 animate-pulse rounded-full bg-zinc-400" />
              </div>
            ) : null}
            {error ? (
              <ChatError
                message={error.message}
                signUpHref={isDailyLimit(error) && props.isGuest ? signUpHref : null}
                resetsAt={error.kind === "server" ? error.resetsAt : null}
                onRetry={answerAgain}
              />
            ) : null}
          </div>
        </div>
        {/* Text fades out above the composer instead of ending at a hard edge. */}
        <div aria-hidden="true" className="pointer-events-none absolute inset-x-0 bottom-0 h-5 bg-linear-to-t from-white dark:from-zinc-950" />
        {isAtBottom || isEmpty ? null : (
          <button
            type="button"
            aria-label="Scroll to bottom"
            title="Scroll to bottom"
            onClick={() => void scrollToBottom()}
            className="absolute bottom-3 left-1/2 grid size-9 -translate-x-1/2 place-items-center rounded-full border border-zinc-200 bg-white text-zinc-700 shadow-md hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-blue-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:bg-zinc-800"
          >
            <ArrowIcon direction="down" />
          </button>
        )}
      </main>

      <footer className="shrink-0 px-3 pb-3 sm:px-6">
        <div className="mx-auto flex w-full max-w-3xl flex-col gap-3">
          {isEmpty ? <SuggestedPrompts onPick={send} /> : null}
          <Composer
            isBusy={isBusy}
            onSend={send}
            onStop={stopAnswer}
            attachments={attachments}
            tools={
              <ModelPicker models={props.models} value={modelId} onChange={setModelId} lockedModelCount={props.lockedModelCount} signUpHref={signUpHref} />
            }
          />
          <p className="text-center text-xs text-zinc-500 dark:text-zinc-400">Answers can be wrong. Check important information.</p>
        </div>
      </footer>
    </div>
  );
}
