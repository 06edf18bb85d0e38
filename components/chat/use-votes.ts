"use client";

import { useCallback, useState } from "react";

export type InitialVote = { messageId: string; isUpvoted: boolean };

/**
 * Thumbs up/down per answer. The click shows at once and is saved in the background; a failed save puts the
 * previous state back, so the screen never claims a vote the server does not have.
 */
export function useVotes(chatId: string, initialVotes: readonly InitialVote[]) {
  const [votes, setVotes] = useState(() => new Map(initialVotes.map((vote) => [vote.messageId, vote.isUpvoted])));

  const vote = useCallback(
    async (messageId: string, isUpvoted: boolean) => {
      const previous = votes.get(messageId);
      setVotes((current) => new Map(current).set(messageId, isUpvoted));
      const restore = () =>
        setVotes((current) => {
          const next = new Map(current);
          if (previous === undefined) next.delete(messageId);
          else next.set(messageId, previous);
          return next;
        });
      try {
        const response = await fetch(`/api/chat/${chatId}/votes`, {
          method: "PUT",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ messageId, isUpvoted }),
        });
        if (!response.ok) restore();
      } catch {
        restore();
      }
    },
    [chatId, votes],
  );

  return { votes, vote };
}
