import "server-only";

import { sql } from "drizzle-orm";

import type { QueryGate } from "../query-gate";
import type { Store } from "../store";
import { withInputChecks } from "../store-input-checks";
import type { RunSql } from "../turn-sql";
import * as accounts from "./accounts";
import * as chats from "./chats";
import { createContext, type Database, type DrizzleContext, type StoreInput as In } from "./context";
import * as files from "./files";
import * as messages from "./messages";
import * as usage from "./usage";
import * as users from "./users";
import * as votes from "./votes";

/**
 * Store over Drizzle ORM, for PostgreSQL (postgres-js) and PGlite alike; each table's queries are in the modules
 * beside this one. Timestamps that order rows are set from JS Dates, so they are millisecond-precise and compare
 * exactly with what callers hold.
 */
export class DrizzleStore implements Store {
  private readonly context: DrizzleContext;

  constructor(
    readonly kind: "postgres" | "pglite",
    db: Database,
    runSql: RunSql,
    private readonly closeClient: () => Promise<void>,
    gate: QueryGate | null = null,
  ) {
    this.context = createContext(db, runSql, gate);
    // Callers only ever hold the checked store, so the methods here take ids well-formed and lower-cased.
    return withInputChecks(this);
  }

  async ping(): Promise<void> {
    await this.context.run(() => this.context.db.execute(sql`select 1`));
  }
  async close(): Promise<void> {
    await this.closeClient();
  }

  createUser(input: In<"createUser">) { return users.createUser(this.context, input); }
  getUserById(input: In<"getUserById">) { return users.getUserById(this.context, input); }
  getUserByEmail(input: In<"getUserByEmail">) { return users.getUserByEmail(this.context, input); }
  touchUser(input: In<"touchUser">) { return users.touchUser(this.context, input); }
  registerGuest(input: In<"registerGuest">) { return users.registerGuest(this.context, input); }
  updateUserPassword(input: In<"updateUserPassword">) { return users.updateUserPassword(this.context, input); }
  mergeGuestIntoUser(input: In<"mergeGuestIntoUser">) { return users.mergeGuestIntoUser(this.context, input); }
  deleteUserById(input: In<"deleteUserById">) { return users.deleteUserById(this.context, input); }
  deleteIdleGuests(input: In<"deleteIdleGuests">) { return users.deleteIdleGuests(this.context, input); }

  getUserByAccount(input: In<"getUserByAccount">) { return accounts.getUserByAccount(this.context, input); }
  linkAccount(input: In<"linkAccount">) { return accounts.linkAccount(this.context, input); }
  listAccountsByUserId(input: In<"listAccountsByUserId">) { return accounts.listAccountsByUserId(this.context, input); }

  getUsageSince(input: In<"getUsageSince">) { return usage.getUsageSince(this.context, input); }
  getSpendSince(input: In<"getSpendSince">) { return this.context.spend.spendSince(input.since); }

  createChat(input: In<"createChat">) { return chats.createChat(this.context, input); }
  getChatById(input: In<"getChatById">) { return chats.getChatById(this.context, input); }
  getChatForUser(input: In<"getChatForUser">) { return chats.getChatForUser(this.context, input); }
  listChatsByUserId(input: In<"listChatsByUserId">) { return chats.listChatsByUserId(this.context, input); }
  searchChatsByUserId(input: In<"searchChatsByUserId">) { return chats.searchChatsByUserId(this.context, input); }
  updateChatTitle(input: In<"updateChatTitle">) { return chats.updateChatTitle(this.context, input); }
  updateChatVisibility(input: In<"updateChatVisibility">) { return chats.updateOwnedChat(this.context, input, { visibility: input.visibility }); }
  updateChatModel(input: In<"updateChatModel">) { return chats.updateOwnedChat(this.context, input, { model: input.model }); }
  deleteChatForUser(input: In<"deleteChatForUser">) { return chats.deleteChatForUser(this.context, input); }

  getMessagesByChatId(input: In<"getMessagesByChatId">) { return messages.getMessagesByChatId(this.context, input); }
  saveMessages(input: In<"saveMessages">) { return messages.saveMessages(this.context, input); }
  saveAnswerProgress(input: In<"saveAnswerProgress">) { return messages.saveAnswerProgress(this.context, input); }
  saveChatTurn(input: In<"saveChatTurn">) { return messages.saveChatTurn(this.context, input); }
  getChatTurnContext(input: In<"getChatTurnContext">) { return messages.getChatTurnContext(this.context, input); }

  createFile(input: In<"createFile">) { return files.createFile(this.context, input); }
  getFileById(input: In<"getFileById">) { return files.getFileById(this.context, input); }
  getFilesByIds(input: In<"getFilesByIds">) { return files.getFilesByIds(this.context, input); }
  attachFilesToChat(input: In<"attachFilesToChat">) { return files.attachFilesToChat(this.context, input); }
  deleteOrphanFiles(input: In<"deleteOrphanFiles">) { return files.deleteOrphanFiles(this.context, input); }

  voteMessage(input: In<"voteMessage">) { return votes.voteMessage(this.context, input); }
  getVotesByChatId(input: In<"getVotesByChatId">) { return votes.getVotesByChatId(this.context, input); }
}
